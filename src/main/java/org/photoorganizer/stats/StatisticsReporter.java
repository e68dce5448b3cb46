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
 * <p>The idle report is a one-shot timer, not a periodic poll: an idle service wakes up once after its last
 * file and then not at all. Activity only notes its time; the timer, when it fires early, waits for the rest
 * (a timer per event would leave thousands of cancelled timers queued during a flood).
 */
public final class StatisticsReporter implements PipelineListener {
    private final Statistics statistics;
    private final SystemEventListener systemEvents;
    private final ScheduledExecutorService scheduler;
    private final Duration idle;
    private final java.util.function.LongSupplier nanoTime;
    private ScheduledFuture<?> pending;
    private long lastActivityNanos;
    private boolean stopped;

    public StatisticsReporter(Statistics statistics, SystemEventListener systemEvents,
                              ScheduledExecutorService scheduler, Duration idle) {
        this(statistics, systemEvents, scheduler, idle, System::nanoTime);
    }

    StatisticsReporter(Statistics statistics, SystemEventListener systemEvents, ScheduledExecutorService scheduler,
                       Duration idle, java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
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
        lastActivityNanos = nanoTime.getAsLong();
        if (pending == null) {
            pending = scheduler.schedule(this::reportIdle, idle.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    void reportIdle() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            long quietFor = nanoTime.getAsLong() - lastActivityNanos;
            if (quietFor < idle.toNanos()) {
                pending = scheduler.schedule(this::reportIdle, idle.toNanos() - quietFor, TimeUnit.NANOSECONDS);
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
