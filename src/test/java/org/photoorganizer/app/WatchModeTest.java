package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.config.Config;
import org.photoorganizer.config.ConfigLoader;
import org.photoorganizer.fixtures.Jpegs;

/** The service as it runs on the NAS: watching the inbox, recursively, until stopped. */
class WatchModeTest {
    @TempDir
    Path temp;
    OrganizerRun folders;
    PhotoOrganizerService service;

    @BeforeEach
    void setUp() throws Exception {
        folders = new OrganizerRun(temp);
        Config config = new ConfigLoader(List.of(), false, temp).load(Optional.of(folders.config), Optional.empty(),
                Optional.empty());
        service = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream())).service();
        service.prepare();
        service.startWatching();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void filesPhotosDroppedIntoNewSubFoldersWhileRunning() throws Exception {
        Path nested = Files.createDirectories(folders.source.resolve("phone/2024 trip"));
        Jpegs.builder().size(120, 90).seed(1).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57))
                .writeTo(nested.resolve("IMG_0001.jpg"));
        Jpegs.builder().size(120, 90).seed(2).dateTimeOriginal(LocalDateTime.of(2023, 1, 2, 3, 4, 5))
                .writeTo(folders.source.resolve("top.jpg"));

        await(() -> Files.exists(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg"))
                && Files.exists(folders.dest.resolve("2023/01_Jan/20230102_030405.jpg")));

        await(() -> !Files.exists(folders.source.resolve("phone")));
    }

    @Test
    void stoppingWritesTheFinalStatisticsLine() throws Exception {
        Jpegs.builder().size(120, 90).seed(3).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57))
                .writeTo(folders.source.resolve("a.jpg"));
        await(() -> Files.exists(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg")));

        service.close();

        assertThat(folders.systemLog()).last().satisfies(row -> assertThat(row.get(4))
                .matches("Statistics \\(service stopped\\): \\d+\\.\\d\\d KB moved, 0\\.00 B deleted"));
    }

    @Test
    void theInboxIsServedWhileAFirstStartStillIndexesALargeLibrary() throws Exception {
        service.close();
        for (int i = 0; i < 20; i++) {
            Jpegs.builder().size(64, 48).seed(100 + i).writeTo(folders.dest.resolve("2020/01_Jan/old-" + i + ".jpg"));
        }
        // Every library file takes 300 ms to read: reading the library in the background needs at least 6 s.
        org.photoorganizer.fs.FileOps slowLibrary = new org.photoorganizer.fs.ForwardingFileOps(
                new org.photoorganizer.fs.NioFileOps()) {
            @Override
            public java.io.InputStream openRead(Path file) throws java.io.IOException {
                if (file.startsWith(folders.dest.resolve("2020"))) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.openRead(file);
            }
        };
        Config config = new ConfigLoader(List.of(), false, temp).load(Optional.of(folders.config), Optional.empty(),
                Optional.empty());
        service = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), slowLibrary).service();
        service.prepareWithBackgroundScan();
        service.startWatching();
        Jpegs.builder().size(120, 90).seed(4).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57))
                .writeTo(folders.source.resolve("new.jpg"));

        await(() -> Files.exists(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg")));

        assertThat(folders.systemLog()).noneSatisfy(row -> assertThat(row.get(4)).startsWith("Library index complete"));
        await(() -> folders.systemLog().stream().anyMatch(row -> row.get(4).startsWith("Library index complete")));
        assertThat(service.index().orElseThrow().count()).isEqualTo(21);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
