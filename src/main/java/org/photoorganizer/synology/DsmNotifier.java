package org.photoorganizer.synology;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/**
 * Tells DSM's administrators on their desktop when files end in Error, at most once per interval:
 * {@code synodsmnotify -c APP @administrators PhotoOrganizer:notify:title PhotoOrganizer:notify:files_failed
 * COUNT LOGDIR}. The last two keys name the package's strings (ui/texts/&lt;lang&gt;/strings, section
 * {@code notify}), which DSM fills with COUNT and LOGDIR in the user's language; the package ships the
 * English ones.
 *
 * <p>Rate limit: the first failure is announced at once; failures within the following interval are counted
 * and announced together when it ends ("7 files could not be filed"), so a broken card reader dropping a
 * thousand unreadable files produces one notification an hour, not a thousand. The command runs on the timer
 * given, never on the pipeline thread; a failing command is reported once through {@link WarnOnce}.
 */
public final class DsmNotifier implements PipelineListener {

    public static final String DEFAULT_PROGRAM = "synodsmnotify";
    /** DSM's id for a third-party package's desktop app when INFO names none (dsmappname). */
    public static final String DEFAULT_APP_ID = "SYNO.SDS._ThirdParty.App.PhotoOrganizer";
    public static final String RECIPIENTS = "@administrators";
    public static final String TITLE_KEY = "PhotoOrganizer:notify:title";
    public static final String MESSAGE_KEY = "PhotoOrganizer:notify:files_failed";

    /** Runs a task after a delay; production uses a scheduled executor, tests a manual one. */
    @FunctionalInterface
    public interface Timer {
        void after(Duration delay, Runnable task);
    }

    private final DsmCommands commands;
    private final String program;
    private final String appId;
    private final Path logDir;
    private final Duration interval;
    private final Clock clock;
    private final Timer timer;

    private int pending;
    private boolean scheduled;
    private Instant lastSent;

    public DsmNotifier(CommandRunner runner, WarnOnce warnings, Path logDir, Duration interval, Clock clock,
                       Timer timer) {
        this(runner, warnings, DEFAULT_PROGRAM, DEFAULT_APP_ID, logDir, interval, clock, timer);
    }

    public DsmNotifier(CommandRunner runner, WarnOnce warnings, String program, String appId, Path logDir,
                       Duration interval, Clock clock, Timer timer) {
        this.commands = new DsmCommands(runner, warnings, CommandRunner.DEFAULT_TIMEOUT, "the DSM desktop notifications");
        this.program = Objects.requireNonNull(program, "program");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Objects.requireNonNull(timer, "timer");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    @Override
    public void on(PipelineEvent event) {
        if (!(event instanceof PipelineEvent.Failed)) {
            return;
        }
        Duration delay;
        synchronized (this) {
            pending++;
            if (scheduled) {
                return;
            }
            scheduled = true;
            Instant now = clock.instant();
            Instant allowed = lastSent == null ? now : lastSent.plus(interval);
            delay = allowed.isAfter(now) ? Duration.between(now, allowed) : Duration.ZERO;
        }
        timer.after(delay, this::send);
    }

    private void send() {
        int count;
        synchronized (this) {
            count = pending;
            pending = 0;
            scheduled = false;
            lastSent = clock.instant();
        }
        if (count > 0) {
            commands.run(argv(count));
        }
    }

    List<String> argv(int count) {
        return List.of(program, "-c", appId, RECIPIENTS, TITLE_KEY, MESSAGE_KEY, Integer.toString(count),
                SynologyPaths.toSystemPath(logDir.toString()));
    }
}
