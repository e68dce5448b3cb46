package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.photoorganizer.fixtures.ToolMadeMedia;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;

/**
 * Writers that stall in mid-file for three times the settle time, into a watching service in this JVM: a
 * JPEG, an MP4 and a TIFF-based raw, each once written through one open handle and once reopened per chunk,
 * within one file system and (through the FileOps seam) across two. Nothing incomplete may ever appear in
 * the library, and each complete file must be filed once its writer is done. {@code StalledWriterIT} does
 * the same against the real jar and a real second file system.
 */
class StalledWriterTest {
    static final Duration SETTLE = Duration.ofSeconds(1);
    static final long STALL_MILLIS = 3 * SETTLE.toMillis() + 500;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "across file systems: {0}")
    @ValueSource(booleans = {false, true})
    void nothingIncompleteIsEverFiledAndEveryCompleteFileIs(boolean acrossFileSystems) throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        Map<String, byte[]> originals = originals(temp.resolve("originals"));
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps()).crossFileSystem(acrossFileSystems);

        try (ServiceHarness service = new ServiceHarness(source, dest, files, false, SETTLE).prepare()) {
            service.startWatching();
            LibraryWatch watch = LibraryWatch.start(dest, originals.values());
            ExecutorService writers = Executors.newFixedThreadPool(originals.size());
            List<Future<?>> running = new ArrayList<>();
            for (Map.Entry<String, byte[]> original : originals.entrySet()) {
                running.add(writers.submit(() -> {
                    SlowWriter.write(original.getValue(), source.resolve(original.getKey()),
                            original.getKey().startsWith("append"), STALL_MILLIS);
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            boolean allFiled = Waits.until(Duration.ofSeconds(30), () -> service.eventsOf(PipelineEvent.Filed.class)
                    .size() == originals.size());
            List<String> seen = watch.stop();

            assertThat(seen).as("library files that were not a complete original, at any instant").isEmpty();
            assertThat(allFiled).as("filed: %s", service.eventsOf(PipelineEvent.Filed.class)).isTrue();
            assertThat(service.failures()).isEmpty();
            assertThat(service.eventsOf(PipelineEvent.Filed.class)).allSatisfy(filed ->
                    assertThat(filed.note()).doesNotContain("incomplete"));
            assertThat(ContentInvariant.regularFiles(source)).isEmpty();
            assertThat(LibraryWatch.contents(dest)).containsExactlyInAnyOrderElementsOf(
                    originals.values().stream().map(ContentInvariant::sha256).toList());
        }
    }

    /** Six different files: a JPEG, an MP4 and a DNG for each way of writing. */
    static Map<String, byte[]> originals(Path dir) throws Exception {
        Map<String, byte[]> originals = new HashMap<>();
        int n = 0;
        for (String mode : List.of("handle", "append")) {
            LocalDateTime taken = LocalDateTime.of(2022, 3 + n, 4, 5, 6, 7);
            originals.put(mode + " photo.jpg", Files.readAllBytes(
                    ToolMadeMedia.jpeg(dir.resolve(mode + ".jpg"), 1600, 1200, taken)));
            originals.put(mode + " clip.mp4", Files.readAllBytes(
                    ToolMadeMedia.mp4(dir.resolve(mode + ".mp4"), 4 + n, false, taken.plusHours(1))));
            originals.put(mode + " raw.dng", Files.readAllBytes(
                    ToolMadeMedia.dng(dir.resolve(mode + ".dng"), 900, 600, taken.plusHours(2))));
            n++;
        }
        return originals;
    }

    /**
     * Looks at the library every 20 ms while the writers run and notes every file that is not one of the
     * complete originals: a partial file filed, even for an instant, shows up here.
     */
    static final class LibraryWatch {
        private final Thread thread;
        private final Set<String> problems = ConcurrentHashMap.newKeySet();
        /** Library files already read whole in this state (path, size, time): each is digested once. */
        private final Set<String> checked = new java.util.HashSet<>();
        private volatile boolean stopped;

        private LibraryWatch(Path dest, Set<String> wholeDigests, Set<Long> wholeSizes) {
            thread = new Thread(() -> {
                while (!stopped) {
                    for (Path file : ContentInvariant.destinationFiles(dest)) {
                        String name = file.getFileName().toString();
                        if (name.startsWith(".photo-organizer-")) {
                            continue;
                        }
                        try {
                            long size = Files.size(file);
                            String state = file + "|" + size + "|" + Files.getLastModifiedTime(file).toMillis();
                            if (!wholeSizes.contains(size) || checked.add(state)
                                    && !wholeDigests.contains(ContentInvariant.digest(file))) {
                                problems.add(dest.relativize(file) + " (" + size + " bytes)");
                            }
                        } catch (java.io.IOException | java.io.UncheckedIOException e) {
                            // Moved on between listing and looking.
                        }
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "library-watch");
            thread.setDaemon(true);
        }

        static LibraryWatch start(Path dest, java.util.Collection<byte[]> originals) {
            Set<String> digests = new java.util.HashSet<>();
            Set<Long> sizes = new java.util.HashSet<>();
            for (byte[] original : originals) {
                digests.add(ContentInvariant.sha256(original));
                sizes.add((long) original.length);
            }
            LibraryWatch watch = new LibraryWatch(dest, digests, sizes);
            watch.thread.start();
            return watch;
        }

        List<String> stop() throws InterruptedException {
            stopped = true;
            thread.join(5000);
            return new ArrayList<>(problems);
        }

        static List<String> contents(Path dest) {
            return ContentInvariant.destinationFiles(dest).stream().map(ContentInvariant::digest).toList();
        }
    }
}
