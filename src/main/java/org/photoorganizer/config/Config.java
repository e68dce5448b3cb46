package org.photoorganizer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The service's settings, resolved and validated. Paths are absolute and normalised.
 *
 * @param configFile where the settings came from, or null for the built-in defaults
 * @param dsm        the Synology integration switches ([synology] section)
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
        Dsm dsm,
        Duration incompleteGrace) {

    public static final Duration MINIMUM_SETTLE = Duration.ofMillis(500);
    /** How long a file that still looks incomplete waits after its last change before it is filed as it is. */
    public static final Duration DEFAULT_INCOMPLETE_GRACE = Duration.ofHours(1);


    /**
     * What the service does on a Synology NAS besides its CSV logs.
     *
     * @param indexMedia     call {@code synoindex -a/-d} for every file moved (opt-in: Synology Photos keeps its
     *                       own index, and DSM 7 may refuse the tool to a package user)
     * @param notifyErrors   send a DSM desktop notification when files end in Error
     * @param notifyInterval at most one such notification per this interval; later errors are counted into the next
     */
    public record Dsm(boolean indexMedia, boolean notifyErrors, Duration notifyInterval) {
        public static final Dsm DEFAULTS = new Dsm(false, true, Duration.ofHours(1));

        public Dsm {
            Objects.requireNonNull(notifyInterval, "notifyInterval");
        }
    }

    /** Settings without a [synology] section and with the default grace time for incomplete files. */
    public Config(Path sourceDir, Path destinationRoot, boolean deleteDuplicates, int similarThreshold,
                  Duration settle, Duration idleStats, String folderPattern, Path logDir, Path configFile) {
        this(sourceDir, destinationRoot, deleteDuplicates, similarThreshold, settle, idleStats, folderPattern, logDir,
                configFile, Dsm.DEFAULTS, DEFAULT_INCOMPLETE_GRACE);
    }

    public Config {
        Objects.requireNonNull(incompleteGrace, "incompleteGrace");
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(destinationRoot, "destinationRoot");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(idleStats, "idleStats");
        Objects.requireNonNull(folderPattern, "folderPattern");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(dsm, "dsm");
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
                folderPattern, logDir, configFile, dsm, grace);
    }

    /** Private state of the service (index, journal): hidden, so it is never taken for photos. */
    public Path stateDir() {
        return destinationRoot.resolve(".photo-organizer");
    }
}
