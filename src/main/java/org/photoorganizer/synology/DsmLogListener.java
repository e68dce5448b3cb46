package org.photoorganizer.synology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;

/**
 * Sends service-level events (start, stop, configuration errors, statistics) to DSM's syslog with
 * {@code logger -t PhotoOrganizer -p user.info|user.warning|user.err MSG}: DSM's syslog-ng files the records
 * (Developer Guide, "Syslog Config": package logs go through syslog-ng). {@code synologset1} (the original's
 * Log Center call) is not used: the guide does not document it for third-party packages (SPEC "Synology").
 *
 * <p>When MSG begins with {@code -} a {@code --} goes before it, because util-linux and BusyBox logger both
 * parse options with getopt and would otherwise take the message for an option. Line breaks become spaces:
 * logger writes one record per line. Anything else, including file names with shell syntax, is passed as
 * one argument untouched.
 */
public final class DsmLogListener implements SystemEventListener {

    public static final String TAG = "PhotoOrganizer";

    private final DsmCommands syslog;
    private final String loggerProgram;

    public DsmLogListener(CommandRunner runner, WarnOnce warnings) {
        this(runner, warnings, "logger", CommandRunner.DEFAULT_TIMEOUT);
    }

    public DsmLogListener(CommandRunner runner, WarnOnce warnings, String loggerProgram, Duration timeout) {
        this.loggerProgram = Objects.requireNonNull(loggerProgram, "loggerProgram");
        this.syslog = new DsmCommands(runner, warnings, timeout, "the system log");
    }

    @Override
    public void on(SystemEvent event) {
        syslog.run(loggerArgv(event.level(), oneLine(event.message())));
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

    private static String oneLine(String message) {
        String flat = message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        // A blank syslog record would look like a bug; say that the message was empty.
        return flat.isEmpty() ? "(empty message)" : flat;
    }
}
