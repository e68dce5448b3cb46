package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.config.Config;
import org.photoorganizer.config.ConfigLoader;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;

/** The watching service reads the library in the background to the end, then leaves the disks alone. */
class BackgroundReadingTest {
    @TempDir
    Path temp;

    @Test
    void onceTheLibraryIsReadTheServiceTouchesNoFileAndItsThreadEnds() throws Exception {
        OrganizerRun folders = new OrganizerRun(temp);
        for (int i = 0; i < 8; i++) {
            Jpegs.builder().size(160, 120).seed(30 + i).dateTimeOriginal(LocalDateTime.of(2020, 1, 2, 3, 4, i))
                    .writeTo(folders.dest.resolve("2020/01_Jan/" + i + ".jpg"));
        }
        AtomicLong calls = new AtomicLong();
        ForwardingFileOps counting = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public BasicFileAttributes attributes(Path path) throws IOException {
                calls.incrementAndGet();
                return super.attributes(path);
            }

            @Override
            public InputStream openRead(Path file) throws IOException {
                calls.incrementAndGet();
                return super.openRead(file);
            }

            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                calls.incrementAndGet();
                return super.openChannel(file);
            }

            @Override
            public List<Path> list(Path dir) throws IOException {
                calls.incrementAndGet();
                return super.list(dir);
            }
        };
        Config config = new ConfigLoader(List.of(), false, temp).load(Optional.of(folders.config), Optional.empty(),
                Optional.empty());
        PhotoOrganizerService service = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), counting).service();
        try {
            service.prepareWithBackgroundScan();
            service.startWatching();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!readingDone(folders) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(readingDone(folders)).isTrue();
            Thread.sleep(1500);
            long before = calls.get();
            Thread.sleep(3000);

            assertThat(calls.get() - before).as("file-system calls after the library was read").isZero();
            assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(thread ->
                    assertThat(thread.getName()).isEqualTo("library-index"));
            assertThat(service.index().orElseThrow().unreadCount()).isZero();
        } finally {
            service.close();
        }
    }

    private static boolean readingDone(OrganizerRun folders) {
        return Files.exists(folders.dest.resolve("system_log.csv")) && folders.systemLog().stream()
                .anyMatch(row -> row.get(4).startsWith("Library index complete: 8 fingerprints and 8 MD5s read"));
    }
}
