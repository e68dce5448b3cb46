package org.photoorganizer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.NioFileOps;

class SettlingQueueTest {
    @TempDir
    Path temp;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<Path> ready = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    private SettlingQueue queue(Duration settle) {
        return queue(settle, Clock.systemUTC());
    }

    private SettlingQueue queue(Duration settle, Clock clock) {
        return new SettlingQueue(new NioFileOps(), scheduler, settle, System::nanoTime, clock, ready::add);
    }

    private void awaitReady(Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (ready.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    /** Offers {@code file}, waits until it is handed on (5 s at most) and returns how long that took. */
    private Duration handedOnAfter(SettlingQueue queue, Path file) throws InterruptedException {
        long offered = System.nanoTime();
        queue.offer(file);
        awaitReady(Duration.ofSeconds(5));
        assertThat(ready).containsExactly(file);
        return Duration.ofNanos(System.nanoTime() - offered);
    }

    @Test
    void aFileNothingHasTouchedForLongerThanTheSettleTimeGoesAtOnce() throws Exception {
        // The clock runs 10 s ahead: the file's ctime says nothing has changed it for 10 s.
        SettlingQueue queue = queue(Duration.ofSeconds(5), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
        Path file = Files.writeString(temp.resolve("old.jpg"), "x");

        assertThat(handedOnAfter(queue, file)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFileChangedPartOfTheSettleTimeAgoWaitsOnlyTheRest() throws Exception {
        SettlingQueue queue = queue(Duration.ofSeconds(4), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)));
        Path file = Files.writeString(temp.resolve("recent.jpg"), "x");
        long offered = System.nanoTime();

        queue.offer(file);
        Thread.sleep(1000);
        assertThat(ready).as("taken before the rest of its settle time").isEmpty();
        awaitReady(Duration.ofSeconds(5));

        assertThat(ready).containsExactly(file);
        assertThat(System.nanoTime() - offered).isBetween(Duration.ofMillis(1900).toNanos(),
                Duration.ofMillis(3900).toNanos());
    }

    @Test
    void aStatusChangeAheadOfTheClockCountsAsJustNow() throws Exception {
        SettlingQueue queue = queue(Duration.ofMillis(1500), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-60)));
        Path file = Files.writeString(temp.resolve("ahead.jpg"), "x");

        assertThat(handedOnAfter(queue, file)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void withoutAStatusChangeTimeAFileWaitsTheWholeSettleTime() throws Exception {
        // A modification time can be set back by the writer (cp -p, rsync -t), so it is no evidence of stillness.
        SettlingQueue queue = new SettlingQueue(new org.photoorganizer.fs.ForwardingFileOps(new NioFileOps()) {
            @Override
            public java.util.Optional<java.time.Instant> statusChanged(Path path) {
                return java.util.Optional.empty();
            }
        }, scheduler, Duration.ofMillis(1500), System::nanoTime, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)),
                ready::add);
        Path file = Files.writeString(temp.resolve("no-ctime.jpg"), "x");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(handedOnAfter(queue, file)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilItStandsStill() throws Exception {
        // Writes every 200 ms against a 1.5 s settle time: a margin no scheduling hiccup on CI eats up.
        SettlingQueue queue = queue(Duration.ofMillis(1500));
        Path growing = temp.resolve("big.jpg");
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.CREATE_NEW)) {
            queue.offer(growing);
            for (int i = 0; i < 12; i++) {
                out.write(new byte[1000]);
                out.flush();
                Thread.sleep(200);
                assertThat(ready).as("taken while still growing, after %d writes", i + 1).isEmpty();
            }
        }
        long closed = System.nanoTime();
        while (ready.isEmpty() && System.nanoTime() - closed < 5_000_000_000L) {
            Thread.sleep(20);
        }

        assertThat(ready).containsExactly(growing);
        assertThat(System.nanoTime() - closed).isGreaterThanOrEqualTo(Duration.ofMillis(1400).toNanos());
        assertThat(queue.pendingCount()).isZero();
    }

    @Test
    void aFileOfferedManyTimesIsHandedOnOnce() throws Exception {
        SettlingQueue queue = queue(Duration.ofMillis(200));
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");
        for (int i = 0; i < 10; i++) {
            queue.offer(file);
        }
        Thread.sleep(800);

        assertThat(ready).containsExactly(file);
    }

    @Test
    void aFileThatVanishesIsDropped() throws Exception {
        SettlingQueue queue = queue(Duration.ofMillis(200));
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");
        queue.offer(file);
        Files.delete(file);
        Thread.sleep(600);

        assertThat(ready).isEmpty();
        assertThat(queue.pendingCount()).isZero();
    }

    @Test
    void aFileFoundIncompleteIsHandedBackAfterAPauseOnlyAsLongAsItsGraceAllows() throws Exception {
        SettlingQueue queue = queue(Duration.ofMillis(200));
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");

        queue.recheckLater(file, Duration.ofMillis(600));
        Thread.sleep(300);
        assertThat(ready).isEmpty();
        assertThat(queue.pendingCount()).isOne();
        Thread.sleep(900);

        assertThat(ready).containsExactly(file);
        assertThat(queue.pendingCount()).isZero();
    }

    @Test
    void aWaitingFileThatIsWrittenIntoSettlesAgainAtOnce() throws Exception {
        SettlingQueue queue = queue(Duration.ofMillis(300));
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");
        queue.recheckLater(file, Duration.ofHours(1));
        Thread.sleep(100);

        Files.writeString(file, "more", StandardOpenOption.APPEND);
        queue.offer(file);
        long written = System.nanoTime();
        while (ready.isEmpty() && System.nanoTime() - written < 3_000_000_000L) {
            Thread.sleep(20);
        }

        assertThat(ready).containsExactly(file);
        assertThat(System.nanoTime() - written).as("handed on after the settle time, not the hour of grace")
                .isLessThan(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aWaitingFileThatIsNotOfferedIsNotLookedAtBeforeItsPause() throws Exception {
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        SettlingQueue queue = new SettlingQueue(new org.photoorganizer.fs.ForwardingFileOps(new NioFileOps()) {
            @Override
            public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws java.io.IOException {
                looks.incrementAndGet();
                return super.attributes(path);
            }
        }, scheduler, Duration.ofMillis(100), System::nanoTime, Clock.systemUTC(), ready::add);
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");

        queue.recheckLater(file, Duration.ofHours(1));
        int atStart = looks.get();
        Thread.sleep(1500);

        assertThat(looks.get() - atStart).as("file-system calls while it waits").isZero();
        assertThat(ready).isEmpty();
    }
}
