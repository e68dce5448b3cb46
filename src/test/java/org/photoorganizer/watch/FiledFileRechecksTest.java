package org.photoorganizer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;

class FiledFileRechecksTest {
    @TempDir
    Path temp;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<Path> changed = new CopyOnWriteArrayList<>();
    final AtomicInteger looks = new AtomicInteger();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    private FiledFileRechecks rechecks() {
        return new FiledFileRechecks(new ForwardingFileOps(new NioFileOps()) {
            @Override
            public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws java.io.IOException {
                looks.incrementAndGet();
                return super.attributes(path);
            }
        }, scheduler, List.of(Duration.ofMillis(200), Duration.ofMillis(500)), changed::add);
    }

    @Test
    void aLibraryFileWrittenIntoAfterItWasFiledIsReported() throws Exception {
        Path filed = Files.writeString(temp.resolve("clip.mkv"), "first part");
        rechecks().add(filed);

        Files.writeString(filed, " and the rest its writer still had to write", StandardOpenOption.APPEND);
        Thread.sleep(400);

        assertThat(changed).containsExactly(filed);
    }

    @Test
    void anUnchangedFileIsLookedAtAFewTimesAndThenNeverAgain() throws Exception {
        Path filed = Files.writeString(temp.resolve("clip.mkv"), "whole");
        rechecks().add(filed);
        Thread.sleep(800);
        int after = looks.get();
        Thread.sleep(700);

        assertThat(changed).isEmpty();
        assertThat(after).isEqualTo(3);
        assertThat(looks.get()).isEqualTo(after);
    }
}
