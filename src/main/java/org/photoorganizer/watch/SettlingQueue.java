package org.photoorganizer.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.photoorganizer.fs.FileOps;

/**
 * Holds back each offered file until its size and modification time have stood still for the settle
 * time and it can be opened for reading, then hands it on once.
 *
 * <p>A file is looked at only while it is pending, on a one-shot timer per file; with nothing pending
 * the queue does nothing at all.
 */
public final class SettlingQueue {
    private static final int OPEN_ATTEMPTS = 3;

    private final FileOps files;
    private final ScheduledExecutorService scheduler;
    private final Duration settle;
    private final LongSupplier nanoTime;
    private final Consumer<Path> ready;
    private final Map<Path, Observation> pending = new HashMap<>();
    /** Files taken off {@link #pending} and not yet handed on: still counted, so no one sees them nowhere. */
    private int handingOn;
    private boolean closed;

    /** The last state seen of a pending file, and since when it has been so. */
    private record Observation(long size, long modifiedMillis, Object fileKey, long sinceNanos, int openFailures) {}

    public SettlingQueue(FileOps files, ScheduledExecutorService scheduler, Duration settle, LongSupplier nanoTime,
                         Consumer<Path> ready) {
        this.files = files;
        this.scheduler = scheduler;
        this.settle = settle;
        this.nanoTime = nanoTime;
        this.ready = ready;
    }

    /** Starts watching {@code file}; offering a file that is already pending changes nothing. */
    public synchronized void offer(Path file) {
        if (closed || pending.containsKey(file)) {
            return;
        }
        Observation observation = observe(file, null);
        if (observation != null) {
            pending.put(file, observation);
            schedule(file, settle);
        }
    }

    public synchronized int pendingCount() {
        return pending.size() + handingOn;
    }

    public synchronized void close() {
        closed = true;
        pending.clear();
    }

    private void schedule(Path file, Duration delay) {
        scheduler.schedule(() -> check(file), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    void check(Path file) {
        boolean take = false;
        synchronized (this) {
            Observation before = pending.get(file);
            if (closed || before == null) {
                return;
            }
            Observation now = observe(file, before);
            if (now == null) {
                pending.remove(file);
                return;
            }
            long stillFor = nanoTime.getAsLong() - now.sinceNanos();
            if (now != before || stillFor < settle.toNanos()) {
                pending.put(file, now);
                schedule(file, Duration.ofNanos(Math.max(settle.toNanos() - stillFor, 1_000_000)));
                return;
            }
            if (!canOpen(file) && now.openFailures() + 1 < OPEN_ATTEMPTS) {
                pending.put(file, new Observation(now.size(), now.modifiedMillis(), now.fileKey(), now.sinceNanos(),
                        now.openFailures() + 1));
                schedule(file, settle);
                return;
            }
            // After a few failed opens the pipeline gets it anyway and reports why it cannot be read.
            pending.remove(file);
            handingOn++;
            take = true;
        }
        if (take) {
            try {
                ready.accept(file);
            } finally {
                synchronized (this) {
                    handingOn--;
                }
            }
        }
    }

    /** The file's current state; the same object when nothing changed; null when it is gone. */
    private Observation observe(Path file, Observation before) {
        BasicFileAttributes attributes;
        try {
            attributes = files.attributes(file);
        } catch (IOException e) {
            return null;
        }
        if (before != null && before.size() == attributes.size()
                && before.modifiedMillis() == attributes.lastModifiedTime().toMillis()
                && java.util.Objects.equals(before.fileKey(), attributes.fileKey())) {
            return before;
        }
        return new Observation(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey(),
                nanoTime.getAsLong(), 0);
    }

    private boolean canOpen(Path file) {
        if (!isRegular(file)) {
            return true;
        }
        try (InputStream in = files.openRead(file)) {
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean isRegular(Path file) {
        try {
            return files.attributes(file).isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }
}
