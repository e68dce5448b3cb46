package org.photoorganizer.synology;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Runs one DSM tool best effort: failures go to {@link WarnOnce}, never to the caller. */
final class DsmCommands {

    private final CommandRunner runner;
    private final WarnOnce warnings;
    private final Duration timeout;
    private final String purpose;

    DsmCommands(CommandRunner runner, WarnOnce warnings, Duration timeout, String purpose) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** @return true if the command ran and exited 0 */
    boolean run(List<String> argv) {
        return run(argv, "Further failures of this kind are not reported.");
    }

    /** @param afterwards what the warning says happens next, see {@link WarnOnce#check(List, CommandResult, String, String)} */
    boolean run(List<String> argv, String afterwards) {
        CommandResult result;
        try {
            result = runner.run(argv, timeout);
        } catch (RuntimeException e) {
            // The interface says runners report rather than throw; a faulty one still must not break callers.
            result = CommandResult.failed(e.toString());
        }
        warnings.check(argv, result, purpose, afterwards);
        return result.succeeded();
    }
}
