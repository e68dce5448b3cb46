package org.photoorganizer.synology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;

/**
 * Sends service-level events to syslog ({@code logger}) and to DSM's Log Center
 * ({@code synologset1}), so that start, stop, configuration errors and statistics are visible
 * without opening the CSV logs.
 *
 * <ul>
 *   <li>{@code logger -t PhotoOrganizer -p user.info|user.warning|user.err MSG}; when MSG begins with
 *       {@code -} a {@code --} goes before it, because util-linux and BusyBox logger both parse
 *       options with getopt and would otherwise take the message for an option.</li>
 *   <li>{@code synologset1 sys info|warn|err 0x11800000 MSG}: 0x11800000 is DSM's generic event whose
 *       text is the single substitution argument.</li>
 * </ul>
 *
 * <p>Line breaks are replaced by spaces: both tools write one record per call and a raw newline
 * would split it or be escaped unreadably. Anything else, including file names with shell syntax,
 * is passed as one argument untouched.
 */
public final class DsmLogListener implements SystemEventListener {

    public static final String TAG = "PhotoOrganizer";
    public static final String DSM_EVENT_ID = "0x11800000";

    private final DsmCommands syslog;
    private final DsmCommands logCenter;
    private final String loggerProgram;
    private final String synologset1Program;

    public DsmLogListener(CommandRunner runner, WarnOnce warnings) {
        this(runner, warnings, "logger", "synologset1", CommandRunner.DEFAULT_TIMEOUT);
    }

    public DsmLogListener(CommandRunner runner, WarnOnce warnings, String loggerProgram,
            String synologset1Program, Duration timeout) {
        this.loggerProgram = Objects.requireNonNull(loggerProgram, "loggerProgram");
        this.synologset1Program = Objects.requireNonNull(synologset1Program, "synologset1Program");
        this.syslog = new DsmCommands(runner, warnings, timeout, "the system log");
        this.logCenter = new DsmCommands(runner, warnings, timeout, "the DSM Log Center");
    }

    @Override
    public void on(SystemEvent event) {
        String message = oneLine(event.message());
        syslog.run(loggerArgv(event.level(), message));
        logCenter.run(List.of(synologset1Program, "sys", logCenterLevel(event.level()), DSM_EVENT_ID, message));
    }

    private List<String> loggerArgv(SystemEvent.Level level, String message) {
        List<String> argv = new ArrayList<>(List.of(loggerProgram, "-t", TAG, "-p", syslogPriority(level)));
        if (message.startsWith("-")) {
            argv.add("--");
        }
        argv.add(message);
        return argv;
    }

    static String syslogPriority(SystemEvent.Level level) {
        return switch (level) {
            case INFO -> "user.info";
            case WARNING -> "user.warning";
            case ERROR -> "user.err";
        };
    }

    static String logCenterLevel(SystemEvent.Level level) {
        return switch (level) {
            case INFO -> "info";
            case WARNING -> "warn";
            case ERROR -> "err";
        };
    }

    private static String oneLine(String message) {
        String flat = message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        // A blank Log Center entry would look like a bug; say that the message was empty.
        return flat.isEmpty() ? "(empty message)" : flat;
    }
}
