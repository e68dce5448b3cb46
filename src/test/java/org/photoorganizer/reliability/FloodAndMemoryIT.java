package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Pngs;

/**
 * The real jar, watching, in the 128 MB heap of the NAS: 10,000 files dropped at once (far more events
 * than the watcher's queue holds, so it must fall back to a rescan), together with pixel bombs and a
 * full-size photo. Nothing may be lost, the service must stay up, and once the inbox is empty it must
 * go quiet.
 */
class FloodAndMemoryIT {
    private static final int FILES = 10_000;

    private Path work;
    private Process service;

    @BeforeEach
    void folders() throws Exception {
        work = ProcessRunner.workRoot("flood-it");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null && service.isAlive()) {
            ProcessRunner.kill9(service);
        }
        ProcessRunner.deleteTree(work);
    }

    @Test
    void tenThousandFilesAtOnceInA128MegabyteHeapAreAllHandled() throws Exception {
        Path source = Files.createDirectories(work.resolve("inbox"));
        Path dest = Files.createDirectories(work.resolve("library"));
        Path staging = work.resolve("staging");
        Corpus.write(staging.resolve("flood"), FILES, 77);
        byte[] png = Pngs.builder().size(64, 48).seed(1).bytes();
        byte[] jpeg = Jpegs.builder().size(64, 48).seed(2).dateTimeOriginal(LocalDateTime.of(2020, 1, 1, 0, 0)).bytes();
        Files.write(staging.resolve("flood/bomb 100000x100000.png"), HostileInputTest.pngClaiming(png, 100_000,
                100_000));
        Files.write(staging.resolve("flood/bomb 65535x65535.jpg"), HostileInputTest.jpegClaiming(jpeg, 65_535,
                65_535));
        Jpegs.builder().size(4000, 3000).seed(3).dateTimeOriginal(LocalDateTime.of(2020, 2, 2, 2, 2, 2))
                .writeTo(staging.resolve("flood/full size 12 MP.jpg"));
        ContentInvariant invariant = ContentInvariant.before(staging, dest);
        Path output = work.resolve("output.txt");
        // The corpus holds cut-short JPEGs: with a short grace they are filed as they are (with a row saying so)
        // within the test, instead of waiting an hour for the rest of their content.
        Path config = ProcessRunner.configFile(work, true, 0.5);
        Files.writeString(config, "incomplete_grace_seconds = 5\n", java.nio.file.StandardOpenOption.APPEND);
        service = ProcessRunner.startJar(output, "--config", config.toString(),
                "--source", source.toString(), "--dest", dest.toString());
        Path systemLog = dest.resolve("system_log.csv");
        assertThat(Waits.until(Duration.ofSeconds(30), () -> contains(systemLog, "Watching"))).isTrue();

        // Every file renamed into the watched inbox itself, as fast as the file system allows.
        List<Path> flood;
        try (var files = Files.list(staging.resolve("flood"))) {
            flood = files.toList();
        }
        for (Path file : flood) {
            Files.move(file, source.resolve(file.getFileName()));
        }

        Path operationLog = dest.resolve("photo_organizer_log.csv");
        boolean done = Waits.until(Duration.ofMinutes(4), Duration.ofSeconds(1), () -> !service.isAlive()
                || ContentInvariant.reportedInLog(operationLog).containsAll(ContentInvariant.regularFiles(source)
                .stream().filter(file -> !file.getFileName().toString().startsWith(".")).toList()));
        assertThat(service.isAlive()).as("the service is still running; see " + output).isTrue();
        assertThat(done).as("every file left in the inbox has an Error or Skipped line").isTrue();
        assertThat(invariant.violations(source, dest, ContentInvariant.reportedInLog(operationLog))).isEmpty();
        assertThat(contains(systemLog, "Too many changes at once")).as("the watcher overflowed and rescanned")
                .isTrue();

        // Going idle: 5 s after its last work the service runs one full collection to give the heap back (the
        // JVM reads its cgroup's memory limit from /sys then). Idle is what follows.
        Thread.sleep(org.photoorganizer.app.PhotoOrganizerService.TRIM_AFTER.toMillis() + 2_000);
        long before = readSyscalls(service.pid());
        Thread.sleep(5_000);
        long idleReads = readSyscalls(service.pid()) - before;
        System.out.printf("Flood test: %d files; read system calls in 5 s of idling: %d%n", FILES + 3, idleReads);
        assertThat(idleReads).as("read system calls with an empty inbox").isZero();

        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String console = Files.readString(output);
        assertThat(console).doesNotContain("OutOfMemoryError");
        assertThat(contains(systemLog, "Service stopped")).isTrue();
        assertThat(invariant.violations(source, dest, ContentInvariant.reportedInLog(operationLog))).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** read(2)-family calls the process made so far (Linux /proc/PID/io); 0 where there is no /proc. */
    private static long readSyscalls(long pid) throws java.io.IOException {
        Path io = Path.of("/proc", String.valueOf(pid), "io");
        if (!Files.isReadable(io)) {
            return 0;
        }
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("syscr:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        return 0;
    }
}
