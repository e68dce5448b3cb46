package org.photoorganizer.stats;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.photoorganizer.logging.ByteSize;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/**
 * Writes the statistics line after {@code idle} without file activity (only when something happened)
 * and always on stop, resetting the counters each time.
 *
 * <p>The idle report is a one-shot timer re-armed by activity, not a periodic poll: an idle service
 * wakes up once after its last file and then not at all.
 */
public final class StatisticsReporter implements PipelineListener {
    private final Statistics statistics;
    private final SystemEventListener systemEvents;
    private final ScheduledExecutorService scheduler;
    private final Duration idle;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    public StatisticsReporter(Statistics statistics, SystemEventListener systemEvents,
                              ScheduledExecutorService scheduler, Duration idle) {
        this.statistics = statistics;
        this.systemEvents = systemEvents;
        this.scheduler = scheduler;
        this.idle = idle;
    }

    @Override
    public synchronized void on(PipelineEvent event) {
        if (stopped) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::reportIdle, idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    void reportIdle() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            pending = null;
        }
        Statistics.Snapshot snapshot = statistics.takeAndReset();
        if (!snapshot.isZero()) {
            systemEvents.on(SystemEvent.info(line("idle timeout (" + describe(idle) + ")", snapshot)));
        }
    }

    /** The final line; written exactly once, even when the idle report has just run. */
    public void reportStop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        systemEvents.on(SystemEvent.info(line("service stopped", statistics.takeAndReset())));
    }

    public static String line(String reason, Statistics.Snapshot snapshot) {
        return "Statistics (" + reason + "): " + ByteSize.format(snapshot.bytesMoved()) + " moved, "
                + ByteSize.format(snapshot.bytesDeleted()) + " deleted";
    }

    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        double exact = duration.toMillis() / 1000.0;
        return (exact == Math.rint(exact) ? String.valueOf((long) exact) : String.valueOf(exact))
                + (exact == 1 ? " second" : " seconds");
    }
}
