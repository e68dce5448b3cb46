package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trial, against the real jar: writer processes that stall in mid-file for three times
 * {@code settle_seconds}, one keeping its handle open and one reopening the file for each chunk, for a JPEG
 * (ImageMagick + exiftool), an MP4 (ffmpeg) and a TIFF-based raw (a DNG made by exiftool), into a watched
 * inbox on the same file system as the library and on another one (a tmpfs mounted for the test, or
 * /dev/shm). Nothing incomplete may ever appear in the library, nothing may be lost, and each complete file
 * is filed once its writer is done.
 */
class StalledWriterIT {
    private static final double SETTLE_SECONDS = 1.0;
    private static final long STALL_MILLIS = (long) (3 * SETTLE_SECONDS * 1000) + 500;

    private static Path work;
    private static Map<String, byte[]> originals;
    private static Path originalsDir;

    @BeforeAll
    static void makeTheFilesOnce() throws Exception {
        work = Files.createTempDirectory("stalled-writer-it");
        originalsDir = Files.createDirectories(work.resolve("originals"));
        originals = StalledWriterTest.originals(work.resolve("made"));
        for (Map.Entry<String, byte[]> original : originals.entrySet()) {
            Files.write(originalsDir.resolve(original.getKey()), original.getValue());
        }
    }

    @AfterAll
    static void cleanUp() {
        ProcessRunner.deleteTree(work);
    }

    @ParameterizedTest(name = "library on another file system: {0}")
    @ValueSource(booleans = {false, true})
    void writersThatStallInMidFileNeverGetAnIncompleteFileFiled(boolean otherFileSystem) throws Exception {
        Path run = Files.createDirectories(work.resolve("run-" + otherFileSystem));
        Path source = Files.createDirectories(run.resolve("inbox"));
        SmallFileSystem mounted = null;
        Path dest;
        if (otherFileSystem) {
            Path mountPoint = run.resolve("library-fs");
            if (SmallFileSystem.available(run.resolve("probe"))) {
                mounted = SmallFileSystem.mount(mountPoint, "256m");
                dest = Files.createDirectories(mounted.root.resolve("library"));
            } else {
                Path shm = Path.of("/dev/shm");
                assumeTrue(Files.isDirectory(shm) && !device(shm).equals(device(source)),
                        "no second file system here (no mounts, no /dev/shm): StalledWriterTest covers it through"
                                + " the FileOps seam");
                dest = Files.createDirectories(Files.createTempDirectory(shm, "stalled-writer-it").resolve("library"));
            }
            assertThat(device(dest)).as("the library is on another file system").isNotEqualTo(device(source));
        } else {
            dest = Files.createDirectories(run.resolve("library"));
        }
        Path output = run.resolve("service.txt");
        Files.writeString(run.resolve("config.ini"), "[duplicates]\ndelete = false\n[processing]\nsettle_seconds = "
                + SETTLE_SECONDS + "\nidle_stats_seconds = 3600\n");
        Process service = ProcessRunner.startJar(output, "--config", run.resolve("config.ini").toString(), "--source",
                source.toString(), "--dest", dest.toString());
        try {
            assertThat(Waits.until(Duration.ofSeconds(30), () -> contains(dest.resolve("system_log.csv"),
                    "Watching"))).as("started; see " + output).isTrue();
            StalledWriterTest.LibraryWatch watch = StalledWriterTest.LibraryWatch.start(dest, originals.values());
            List<Process> writers = new ArrayList<>();
            for (String name : originals.keySet()) {
                writers.add(ProcessRunner.startTestMain(run.resolve("writer " + name + ".txt"), SlowWriter.class,
                        originalsDir.resolve(name).toString(), source.resolve(name).toString(),
                        name.startsWith("append") ? "append" : "handle", String.valueOf(STALL_MILLIS)));
            }
            for (Process writer : writers) {
                assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).isZero();
            }
            Path log = dest.resolve("photo_organizer_log.csv");
            boolean allFiled = Waits.until(Duration.ofSeconds(60), Duration.ofMillis(200), () -> moved(log) == originals.size());
            List<String> incomplete = watch.stop();

            assertThat(incomplete).as("library files that were not a complete original, at any instant").isEmpty();
            assertThat(allFiled).as("all filed; log:\n" + read(log) + "\nservice:\n" + read(output)).isTrue();
            assertThat(read(log)).doesNotContain(",Error,").doesNotContain("looked incomplete");
            assertThat(StalledWriterTest.LibraryWatch.contents(dest)).containsExactlyInAnyOrderElementsOf(
                    originals.values().stream().map(ContentInvariant::sha256).toList());
            assertThat(ContentInvariant.regularFiles(source).stream()
                    .filter(file -> !file.getFileName().toString().startsWith("."))).isEmpty();
            assertThat(service.isAlive()).isTrue();
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
            if (mounted != null) {
                mounted.close();
            }
        }
    }

    private static long moved(Path log) {
        return read(log).lines().filter(line -> line.contains(",File moved,")).count();
    }

    private static Object device(Path path) throws IOException {
        return Objects.requireNonNull(Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean contains(Path file, String text) {
        return read(file).contains(text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
