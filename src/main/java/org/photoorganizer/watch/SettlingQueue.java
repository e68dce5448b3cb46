package org.photoorganizer.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.photoorganizer.fs.FileOps;

/**
 * Holds back each offered file until its size and modification time have stood still for the settle
 * time and it can be opened for reading, then hands it on once.
 *
 * <p>The stillness is counted from the file's last status change (ctime) where the file system keeps one:
 * every write, truncation or rename sets it to now and no writer can set it back, so a file found at start
 * that nothing has touched for longer than the settle time goes at once instead of waiting again. A ctime
 * ahead of this clock counts as "just now".
 *
 * <p>A file the pipeline found incomplete comes back through {@link #recheckLater}: it is looked at again
 * after a growing pause (and at the latest when its grace time ends), or at once when a watcher event
 * offers it again and it changed. A file is looked at only while it is pending, on a one-shot timer per
 * file; with nothing pending the queue does nothing at all.
 */
public final class SettlingQueue {
    private static final int OPEN_ATTEMPTS = 3;
    private static final Duration FIRST_RECHECK = Duration.ofSeconds(2);
    private static final Duration LAST_RECHECK = Duration.ofMinutes(5);
    private static final int REMEMBERED_BACKOFFS = 10_000;

    private final FileOps files;
    private final ScheduledExecutorService scheduler;
    private final Duration settle;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Consumer<Path> ready;
    private final Map<Path, Observation> pending = new HashMap<>();
    /** How many times in a row each file came back incomplete, and how it was then. */
    private final Map<Path, Backoff> backoffs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Backoff> eldest) {
            return size() > REMEMBERED_BACKOFFS;
        }
    };
    private long generations;
    /** Files taken off {@code pending} and not yet handed on: still counted, so no one sees an empty queue early. */
    private int handing;
    private boolean closed;

    /**
     * The last state seen of a pending file, and since when it has been so; {@code waiting} while it waits for
     * the rest of its content; {@code generation} tells the timer that is current from ones made obsolete.
     */
    private record Observation(long size, long modifiedMillis, Object fileKey, long sinceNanos, int openFailures,
                               boolean waiting, long generation) {
        Observation settling(long generation) {
            return new Observation(size, modifiedMillis, fileKey, sinceNanos, openFailures, false, generation);
        }

        boolean sameState(Observation other) {
            return other != null && size == other.size && modifiedMillis == other.modifiedMillis
                    && java.util.Objects.equals(fileKey, other.fileKey);
        }
    }

    private record Backoff(int step, Observation state) {}

    /**
     * @param nanoTime measures the settle time
     * @param clock    the wall clock that file times are compared with
     */
    public SettlingQueue(FileOps files, ScheduledExecutorService scheduler, Duration settle, LongSupplier nanoTime,
                         Clock clock, Consumer<Path> ready) {
        this.files = files;
        this.scheduler = scheduler;
        this.settle = settle;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.ready = ready;
    }

    /**
     * Starts watching {@code file}; offering a file that is already settling changes nothing. A file that
     * waits for the rest of its content is looked at now: if it changed, it settles again.
     */
    public synchronized void offer(Path file) {
        if (closed) {
            return;
        }
        Observation before = pending.get(file);
        if (before != null) {
            if (before.waiting()) {
                Observation now = observe(file, before);
                if (now == null) {
                    pending.remove(file);
                } else if (now != before) {
                    startSettling(file, now);
                }
            }
            return;
        }
        Observation observation = observe(file, null);
        if (observation != null) {
            startSettling(file, observation);
        }
    }

    /**
     * The pipeline found {@code file} incomplete: look at it again after a pause that doubles each time it
     * comes back unchanged (2 s up to 5 min), never later than {@code atMost} (when its grace time ends).
     */
    public synchronized void recheckLater(Path file, Duration atMost) {
        if (closed) {
            return;
        }
        Observation now = observe(file, null);
        if (now == null) {
            backoffs.remove(file);
            return;
        }
        Backoff previous = backoffs.get(file);
        int step = previous != null && previous.state().sameState(now) ? previous.step() + 1 : 0;
        backoffs.put(file, new Backoff(step, now));
        long pauseMillis = Math.min(FIRST_RECHECK.toMillis() << Math.min(step, 20), LAST_RECHECK.toMillis());
        Duration pause = Duration.ofMillis(Math.max(Math.min(pauseMillis, atMost.toMillis()), settle.toMillis()));
        long generation = ++generations;
        pending.put(file, new Observation(now.size(), now.modifiedMillis(), now.fileKey(), now.sinceNanos(), 0, true,
                generation));
        schedule(file, pause, generation);
    }

    /** Files waiting or being handed on right now. */
    public synchronized int pendingCount() {
        return pending.size() + handing;
    }

    public synchronized void close() {
        closed = true;
        pending.clear();
    }

    private void startSettling(Path file, Observation observation) {
        long generation = ++generations;
        pending.put(file, observation.settling(generation));
        long stillFor = nanoTime.getAsLong() - observation.sinceNanos();
        schedule(file, Duration.ofNanos(Math.max(settle.toNanos() - stillFor, 1_000_000)), generation);
    }

    private void schedule(Path file, Duration delay, long generation) {
        scheduler.schedule(() -> check(file, generation), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    void check(Path file, long generation) {
        boolean take = false;
        synchronized (this) {
            Observation before = pending.get(file);
            if (closed || before == null || before.generation() != generation) {
                return;
            }
            Observation now = observe(file, before);
            if (now == null) {
                pending.remove(file);
                backoffs.remove(file);
                return;
            }
            if (before.waiting()) {
                if (now != before) {
                    // Written into while it waited: it settles again before the pipeline looks at it.
                    startSettling(file, now);
                    return;
                }
                // Unchanged since it was found incomplete: the pipeline looks again (its grace may be over).
                pending.remove(file);
                handing++;
                take = true;
            } else {
                long stillFor = nanoTime.getAsLong() - now.sinceNanos();
                if (now != before || stillFor < settle.toNanos()) {
                    long next = ++generations;
                    pending.put(file, now.settling(next));
                    schedule(file, Duration.ofNanos(Math.max(settle.toNanos() - stillFor, 1_000_000)), next);
                    return;
                }
                if (!canOpen(file) && now.openFailures() + 1 < OPEN_ATTEMPTS) {
                    long next = ++generations;
                    pending.put(file, new Observation(now.size(), now.modifiedMillis(), now.fileKey(),
                            now.sinceNanos(), now.openFailures() + 1, false, next));
                    schedule(file, settle, next);
                    return;
                }
                // After a few failed opens the pipeline gets it anyway and reports why it cannot be read.
                pending.remove(file);
                handing++;
                take = true;
            }
        }
        if (take) {
            try {
                ready.accept(file);
            } finally {
                synchronized (this) {
                    handing--;
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
        long still = before == null ? stillSinceLastChange(file) : 0;
        return new Observation(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey(),
                nanoTime.getAsLong() - still, 0, false, 0);
    }

    /** How long nothing has changed the file, as far as the settle time reaches; 0 when unknown. */
    private long stillSinceLastChange(Path file) {
        Optional<Instant> changed;
        try {
            changed = files.statusChanged(file);
        } catch (IOException e) {
            return 0;
        }
        if (changed.isEmpty()) {
            return 0;
        }
        long nanos;
        try {
            nanos = Duration.between(changed.get(), clock.instant()).toNanos();
        } catch (ArithmeticException e) {
            return 0;
        }
        return Math.max(0, Math.min(nanos, settle.toNanos()));
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
