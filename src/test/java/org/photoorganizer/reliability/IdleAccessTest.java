package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;

/**
 * Once the inbox is empty the service must leave the disks alone (a NAS spins its drives down): every
 * file-system call the service makes on photos goes through FileOps, so counting them proves it.
 */
class IdleAccessTest {
    private static final Duration SETTLE = Duration.ofMillis(500);

    @TempDir
    Path temp;

    @Test
    void withAnEmptyInboxTheServiceMakesNoFileSystemCalls() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        FaultInjectingFileOps counting = new FaultInjectingFileOps(new NioFileOps());
        try (ServiceHarness service = new ServiceHarness(source, dest, counting, true, SETTLE).prepare()) {
            service.startWatching();
            Path staging = temp.resolve("staging");
            Corpus.write(staging, 40, 99);
            Files.move(staging, source.resolve("upload"));
            long media = ContentInvariant.regularFiles(source).size();

            assertThat(Waits.until(Duration.ofSeconds(30), () -> service.events.stream()
                    .filter(event -> !(event instanceof PipelineEvent.Detected)).count() >= media)).isTrue();
            Thread.sleep(3 * SETTLE.toMillis());
            long busy = counting.totalCalls();
            Thread.sleep(4_000);
            long idle = counting.totalCalls() - busy;

            assertThat(busy).as("calls while working: the seam does count").isGreaterThan(media);
            assertThat(idle).as("file-system calls in 4 s of idling").isZero();
        }
    }

    @Test
    void aStartWithAnEmptyInboxMakesNoFileSystemCallsAfterTheStartupScan() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        FaultInjectingFileOps counting = new FaultInjectingFileOps(new NioFileOps());
        try (ServiceHarness service = new ServiceHarness(source, dest, counting, true, SETTLE).prepare()) {
            service.startWatching();
            Thread.sleep(3 * SETTLE.toMillis());
            long started = counting.totalCalls();
            Thread.sleep(4_000);

            assertThat(counting.totalCalls() - started).isZero();
        }
    }
}
