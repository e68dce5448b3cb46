package org.photoorganizer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        return new SettlingQueue(new NioFileOps(), scheduler, settle, System::nanoTime, ready::add);
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
        }, scheduler, Duration.ofMillis(100), System::nanoTime, ready::add);
        Path file = Files.writeString(temp.resolve("a.jpg"), "x");

        queue.recheckLater(file, Duration.ofHours(1));
        int atStart = looks.get();
        Thread.sleep(1500);

        assertThat(looks.get() - atStart).as("file-system calls while it waits").isZero();
        assertThat(ready).isEmpty();
    }
}
