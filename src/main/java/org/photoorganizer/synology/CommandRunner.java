package org.photoorganizer.synology;

import java.time.Duration;
import java.util.List;

/**
 * Runs an external program. Implementations must pass {@code argv} to the program exactly as given
 * (no shell, no word splitting, no globbing) because arguments carry user file names, and must
 * report every failure as a {@link CommandResult} rather than throw.
 */
@FunctionalInterface
public interface CommandRunner {

    /** The timeout SPEC gives every DSM command. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param argv    program name or path followed by its arguments; must not be empty
     * @param timeout how long to wait before the process is killed and {@link CommandResult.Status#TIMED_OUT} returned
     */
    CommandResult run(List<String> argv, Duration timeout);
}
