package org.photoorganizer.synology;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;

/**
 * Turns DSM command failures into at most one Warning per program and kind of failure.
 *
 * <p>Off a NAS (or when a DSM tool is missing or broken) every photo would otherwise add a warning
 * line; one line is enough to tell the user the adapter is not working. The key is the program plus
 * the failure kind, so a tool that is missing warns once, and one that later starts timing out warns
 * once more for that.
 *
 * <p>The sink is usually the service's whole system-event fan-out, which includes the
 * {@link DsmLogListener} that may itself be failing: the key is recorded <em>before</em> the sink is
 * called so that re-entry stays silent instead of recursing.
 */
public final class WarnOnce {

    private final SystemEventListener sink;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public WarnOnce(SystemEventListener sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Reports {@code result} if it is a failure not reported before for this program.
     *
     * @param argv    the command that was run; only the program name appears in the warning
     * @param purpose what the command was for, shown to the user ("the Synology media index")
     * @return true if a warning was emitted now
     */
    public boolean check(List<String> argv, CommandResult result, String purpose) {
        return check(argv, result, purpose, "Further failures of this kind are not reported.");
    }

    /**
     * Like {@link #check(List, CommandResult, String)}, with {@code afterwards} saying what happens next
     * (e.g. that the command is not tried again).
     */
    public boolean check(List<String> argv, CommandResult result, String purpose, String afterwards) {
        if (result.succeeded()) {
            return false;
        }
        String program = argv.isEmpty() ? "?" : argv.get(0);
        String reason = switch (result.status()) {
            case NOT_FOUND -> "is not available";
            case TIMED_OUT -> "did not finish in time (" + result.detail() + ")";
            case FAILED -> "could not be run (" + result.detail() + ")";
            case EXITED -> "exited with code " + result.exitCode() + firstLine(result.output());
        };
        String key = program + '\u0000' + result.status();
        return warn(key, "DSM command " + program + " " + reason + "; " + purpose + " is not updated. " + afterwards);
    }

    /** Emits {@code message} as a Warning the first time {@code key} is seen; never throws. */
    public boolean warn(String key, String message) {
        if (!warned.add(key)) {
            return false;
        }
        try {
            sink.on(SystemEvent.warning(message));
        } catch (RuntimeException ignored) {
            // A broken sink must not turn a best-effort adapter into a pipeline failure.
        }
        return true;
    }

    private static String firstLine(String output) {
        String trimmed = output.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        int end = trimmed.indexOf('\n');
        String line = end < 0 ? trimmed : trimmed.substring(0, end).strip();
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }
}
