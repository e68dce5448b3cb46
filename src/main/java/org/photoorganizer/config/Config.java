package org.photoorganizer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The service's settings, resolved and validated. Paths are absolute and normalised.
 *
 * @param configFile where the settings came from, or null for the built-in defaults
 */
public record Config(
        Path sourceDir,
        Path destinationRoot,
        boolean deleteDuplicates,
        int similarThreshold,
        Duration settle,
        Duration idleStats,
        String folderPattern,
        Path logDir,
        Path configFile) {

    public static final Duration MINIMUM_SETTLE = Duration.ofMillis(500);

    public Config {
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(destinationRoot, "destinationRoot");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(idleStats, "idleStats");
        Objects.requireNonNull(folderPattern, "folderPattern");
        Objects.requireNonNull(logDir, "logDir");
    }

    public Path duplicatesDir() {
        return destinationRoot.resolve("Duplicates");
    }

    public Path noDateDir() {
        return destinationRoot.resolve("NoDateFound");
    }

    /** Private state of the service (index, journal): hidden, so it is never taken for photos. */
    public Path stateDir() {
        return destinationRoot.resolve(".photo-organizer");
    }
}
