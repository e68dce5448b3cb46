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
        Path configFile,
        Duration incompleteGrace) {

    public static final Duration MINIMUM_SETTLE = Duration.ofMillis(500);
    /** How long a file that still looks incomplete waits after its last change before it is filed as it is. */
    public static final Duration DEFAULT_INCOMPLETE_GRACE = Duration.ofHours(1);

    /** The settings with the default grace time for incomplete files. */
    public Config(Path sourceDir, Path destinationRoot, boolean deleteDuplicates, int similarThreshold,
                  Duration settle, Duration idleStats, String folderPattern, Path logDir, Path configFile) {
        this(sourceDir, destinationRoot, deleteDuplicates, similarThreshold, settle, idleStats, folderPattern, logDir,
                configFile, DEFAULT_INCOMPLETE_GRACE);
    }

    public Config {
        Objects.requireNonNull(incompleteGrace, "incompleteGrace");
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

    /** The same settings with another grace time for incomplete files. */
    public Config withIncompleteGrace(Duration grace) {
        return new Config(sourceDir, destinationRoot, deleteDuplicates, similarThreshold, settle, idleStats,
                folderPattern, logDir, configFile, grace);
    }

    /** Private state of the service (index, journal): hidden, so it is never taken for photos. */
    public Path stateDir() {
        return destinationRoot.resolve(".photo-organizer");
    }
}
