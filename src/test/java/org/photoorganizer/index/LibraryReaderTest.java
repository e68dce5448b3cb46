package org.photoorganizer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.plan.FolderPattern;

class LibraryReaderTest {
    @TempDir
    Path library;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<SystemEvent> events = new CopyOnWriteArrayList<>();
    final Map<Path, AtomicInteger> md5Reads = new ConcurrentHashMap<>();
    final FileOps files = new ForwardingFileOps(new NioFileOps()) {
        @Override
        public InputStream openRead(Path file) throws IOException {
            log.add("md5 " + file.getFileName());
            md5Reads.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
            return super.openRead(file);
        }
    };
    final ImageFingerprinter fingerprinter = new ImageFingerprinter() {
        @Override
        public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
            log.add("fingerprint " + file.getFileName());
            return Optional.of(new ImageFingerprint(file.getFileName().toString().hashCode(), 7, 40, 30, 24));
        }

        @Override
        public int algorithmVersion() {
            return 7;
        }
    };

    private Path indexFile() {
        return library.resolve(".photo-organizer").resolve(LibraryIndex.FILE_NAME);
    }

    private void file(String relative) throws IOException {
        Path path = library.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "content of " + relative);
    }

    private void list(LibraryIndex index) throws IOException {
        new LibraryScanner(index, files, new FileClassifier(), fingerprinter, new FolderPattern("{yyyy}/{MM}_{Mmm}"),
                events::add, System::nanoTime).reconcile();
    }

    private LibraryReader reader(LibraryIndex index) {
        return new LibraryReader(index, files, new FileClassifier(), fingerprinter, events::add, System::nanoTime);
    }

    @Test
    void readsEveryFingerprintBeforeAnyMd5AndThenHasNothingLeft() throws Exception {
        file("2024/08_Aug/a.jpg");
        file("2024/08_Aug/b.heic");
        file("2024/08_Aug/c.mp4");
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            list(index);
            List<LibraryIndex.Entry> reported = new CopyOnWriteArrayList<>();

            LibraryReader.Result result = reader(index).onRead(reported::add).readAll();

            assertThat(result).isEqualTo(new LibraryReader.Result(2, 3, 0, true));
            assertThat(log).hasSize(5);
            assertThat(log.subList(0, 2)).containsExactlyInAnyOrder("fingerprint a.jpg", "fingerprint b.heic");
            assertThat(log.subList(2, 5)).containsExactlyInAnyOrder("md5 a.jpg", "md5 b.heic", "md5 c.mp4");
            assertThat(reported.stream().filter(entry -> entry.fingerprint().isPresent())
                    .map(entry -> entry.path().getFileName().toString()).distinct())
                    .containsExactlyInAnyOrder("a.jpg", "b.heic");
            assertThat(index.unreadCount()).isZero();
            Path a = library.resolve("2024/08_Aug/a.jpg");
            assertThat(index.findByPath(a).orElseThrow().md5()).isEqualTo(new FileContent(new NioFileOps()).md5(a));
            assertThat(events).extracting(SystemEvent::message).last().asString()
                    .startsWith("Library index complete: 2 fingerprints and 3 MD5s read");
            log.clear();

            assertThat(reader(index).readAll()).isEqualTo(new LibraryReader.Result(0, 0, 0, true));
            assertThat(log).isEmpty();
        }
    }

    @Test
    void aStoppedReadingGoesOnWhereItStoppedAfterARestartAndReadsNoFileTwice() throws Exception {
        for (int i = 0; i < 12; i++) {
            file(String.format("2024/08_Aug/%02d.mp4", i));
        }
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            list(index);
            LibraryReader.Result stopped = reader(index).cancelledWhen(() -> md5Reads.size() >= 5).readAll();
            assertThat(stopped.complete()).isFalse();
        }

        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            assertThat(index.unreadCount()).isEqualTo(7);
            assertThat(reader(index).readAll().complete()).isTrue();
        }

        assertThat(md5Reads).hasSize(12).allSatisfy((file, reads) -> assertThat(reads).hasValue(1));
    }

    @Test
    void itReadsNothingWhileThePipelineHasWork() throws Exception {
        file("2024/08_Aug/a.jpg");
        file("2024/08_Aug/b.jpg");
        AtomicBoolean pipelineBusy = new AtomicBoolean(true);
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            list(index);
            Thread reading = new Thread(() -> {
                try {
                    reader(index).yieldingTo(cancelled -> {
                        while (pipelineBusy.get()) {
                            Thread.onSpinWait();
                        }
                    }).readAll();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reading.start();
            Thread.sleep(300);
            assertThat(log).isEmpty();

            pipelineBusy.set(false);
            reading.join(10_000);

            assertThat(log).hasSize(4);
        }
    }

    @Test
    void progressIsReportedEveryThirtySeconds() throws Exception {
        for (int i = 0; i < 6; i++) {
            file(String.format("2024/08_Aug/%02d.jpg", i));
        }
        AtomicLong clock = new AtomicLong();
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            list(index);
            new LibraryReader(index, files, new FileClassifier(), fingerprinter, events::add,
                    () -> clock.addAndGet(7_000_000_000L)).readAll();
        }

        assertThat(events).extracting(SystemEvent::message).filteredOn(m -> m.contains(" still to read")).isNotEmpty()
                .first().asString().matches("Reading the library: \\d+ fingerprints and \\d+ MD5s "
                        + "read, \\d+ of 6 files still to read");
    }

    @Test
    void aFileChangedSinceItWasListedIsRecordedWithItsNewSizeAndContent() throws Exception {
        file("2024/08_Aug/a.mp4");
        Path a = library.resolve("2024/08_Aug/a.mp4");
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library, files)) {
            list(index);
            Files.writeString(a, "new and longer content");

            reader(index).readAll();

            LibraryIndex.Entry entry = index.findByPath(a).orElseThrow();
            assertThat(entry.size()).isEqualTo(Files.size(a));
            assertThat(entry.md5()).isEqualTo(new FileContent(new NioFileOps()).md5(a));
        }
    }
}
