package org.photoorganizer.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Inbox files the destination could not take (disk full, quota, read-only). While any wait, one of them is
 * tried again after a pause that doubles each time it fails (10 s up to 10 min); as soon as any file reaches
 * the destination, all of them are tried again. With nothing waiting there is no timer at all.
 */
public final class BlockedFiles {
    public static final Duration FIRST_PAUSE = Duration.ofSeconds(10);
    public static final Duration LAST_PAUSE = Duration.ofMinutes(10);

    private final ScheduledExecutorService scheduler;
    private final Duration firstPause;
    private final Consumer<Path> retry;
    private final Set<Path> waiting = new LinkedHashSet<>();
    private Duration pause;
    private ScheduledFuture<?> probe;
    private boolean closed;

    public BlockedFiles(ScheduledExecutorService scheduler, Duration firstPause, Consumer<Path> retry) {
        this.scheduler = scheduler;
        this.firstPause = firstPause;
        this.pause = firstPause;
        this.retry = retry;
    }

    /** {@code file} could not be placed at the destination; it is tried again later. */
    public synchronized void add(Path file) {
        if (closed) {
            return;
        }
        waiting.add(file);
        if (probe == null) {
            probe = scheduler.schedule(this::probe, pause.toMillis(), TimeUnit.MILLISECONDS);
            pause = pause.multipliedBy(2).compareTo(LAST_PAUSE) > 0 ? LAST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** A file reached the destination: it has room again, so everything waiting is tried now. */
    public void destinationTookAFile() {
        List<Path> all;
        synchronized (this) {
            if (waiting.isEmpty()) {
                pause = firstPause;
                return;
            }
            all = new ArrayList<>(waiting);
            waiting.clear();
            pause = firstPause;
            if (probe != null) {
                probe.cancel(false);
                probe = null;
            }
        }
        all.forEach(retry);
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    public synchronized void close() {
        closed = true;
        waiting.clear();
        if (probe != null) {
            probe.cancel(false);
        }
    }

    /** Tries the oldest waiting file; if it fails again it comes back through {@link #add} with a longer pause. */
    private void probe() {
        Path first;
        synchronized (this) {
            probe = null;
            if (closed || waiting.isEmpty()) {
                return;
            }
            first = waiting.iterator().next();
            waiting.remove(first);
            if (!waiting.isEmpty()) {
                // The others wait for the probe's outcome: success releases them, failure re-arms the timer.
                probe = scheduler.schedule(this::probe, pause.toMillis(), TimeUnit.MILLISECONDS);
                pause = pause.multipliedBy(2).compareTo(LAST_PAUSE) > 0 ? LAST_PAUSE : pause.multipliedBy(2);
            }
        }
        retry.accept(first);
    }
}
