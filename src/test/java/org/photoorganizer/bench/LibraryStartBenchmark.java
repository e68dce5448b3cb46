package org.photoorganizer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryReader;
import org.photoorganizer.index.LibraryScanner;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.plan.FolderPattern;

/**
 * What a start costs over an existing library of small real JPEGs (EXIF date and thumbnail, each a
 * different picture), filed as the service files them ({@code yyyy/MM_Mmm/yyyymmdd_hhmmss.jpg}): the real
 * jar runs {@code --once} over an empty inbox, first without an index (the first index of an existing
 * library) and then again (a later start). Prints wall times, files/s and peak RSS. Run by hand, never as a
 * test: {@code LibraryStartBenchmark DIR [COUNT] [JAR] [--reading]} (default 20,000 photos,
 * {@code target/photo-organizer.jar}); {@code --reading} also times, in this JVM, the listing and the
 * background reading to its end. The photos are generated once into {@code DIR/library-COUNT}. The service
 * runs with the options of the file the system property {@code bench.jvmOptions} names (one per line, as
 * {@code conf/jvm.options}), by default {@code -Xmx128m}; {@code scripts/bench} reads the {@code RESULT} lines.
 */
public final class LibraryStartBenchmark {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private LibraryStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path jar = Path.of(args.length > 2 ? args[2] : "target/photo-organizer.jar");
        Path library = generate(dir.resolve("library-" + count), count);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path empty = Files.createDirectories(dir.resolve("empty-library"));
        Path config = Files.writeString(dir.resolve("config.ini"),
                "[processing]\nsettle_seconds = 0.5\nidle_stats_seconds = 3600\n");

        deleteTree(empty.resolve(".photo-organizer"));
        Run baseline = run(jar, config, inbox, empty, dir);
        deleteTree(library.resolve(".photo-organizer"));
        Files.deleteIfExists(library.resolve("system_log.csv"));
        Run first = run(jar, config, inbox, library, dir);
        double[] later = new double[3];
        long laterRss = 0;
        for (int i = 0; i < later.length; i++) {
            Run again = run(jar, config, inbox, library, dir);
            later[i] = again.seconds();
            laterRss = Math.max(laterRss, again.peakRssKb());
        }
        Arrays.sort(later);
        System.out.printf(java.util.Locale.ROOT, "RESULT library_files %d%nRESULT library_mb %.1f%n"
                        + "RESULT empty_s %.3f%nRESULT first_s %.3f%nRESULT later_s %.3f%nRESULT first_rss_mb %.1f%n"
                        + "RESULT later_rss_mb %.1f%n", count, size(library) / 1048576.0, baseline.seconds(),
                first.seconds(), later[1], first.peakRssKb() / 1024.0, laterRss / 1024.0);
        System.out.printf("library: %,d photos (%.1f MB) in %s%n", count, size(library) / 1e6, library);
        System.out.printf("empty library: %.2f s wall (JVM start, open, exit), peak RSS %.0f MB%n", baseline.seconds(),
                baseline.peakRssKb() / 1024.0);
        System.out.printf("first start (no index): %.2f s wall, %,.0f files/s (%,.0f files/s without the empty-library"
                        + " time), peak RSS %.0f MB%n", first.seconds(), count / first.seconds(),
                count / Math.max(0.001, first.seconds() - baseline.seconds()), first.peakRssKb() / 1024.0);
        System.out.printf("later start: %.2f s wall (median of 3; %.2f s over the empty library), peak RSS %.0f MB%n",
                later[1], later[1] - baseline.seconds(), laterRss / 1024.0);
        if (args.length > 3 && args[3].equals("--reading")) {
            reading(dir, library, count);
        }
    }

    /** In this JVM: the listing, then the background reading to its end (fingerprints, then MD5s). */
    private static void reading(Path dir, Path library, int count) throws IOException {
        Path indexFile = dir.resolve("in-process").resolve(LibraryIndex.FILE_NAME);
        deleteTree(indexFile.getParent());
        FileOps files = new NioFileOps();
        FileClassifier classifier = new FileClassifier();
        PerceptualFingerprinter fingerprinter = new PerceptualFingerprinter(files);
        try (LibraryIndex index = LibraryIndex.open(indexFile, library, files)) {
            long t0 = System.nanoTime();
            new LibraryScanner(index, files, classifier, fingerprinter, new FolderPattern("{yyyy}/{MM}_{Mmm}"),
                    event -> { }, System::nanoTime).reconcile();
            long t1 = System.nanoTime();
            LibraryReader.Result read = new LibraryReader(index, files, classifier, fingerprinter, event -> { },
                    System::nanoTime).readAll();
            long t2 = System.nanoTime();
            System.out.printf("in one JVM: listing %,d files in %.2f s (%,.0f files/s); background reading %,d"
                            + " fingerprints and %,d MD5s in %.1f s (%,.0f files/s)%n", count, (t1 - t0) / 1e9,
                    count / ((t1 - t0) / 1e9), read.fingerprinted(), read.hashed(), (t2 - t1) / 1e9,
                    count / ((t2 - t1) / 1e9));
        }
        System.out.printf("index file: %.1f MB%n", Files.size(indexFile) / 1e6);
    }

    private record Run(double seconds, long peakRssKb) {}

    private static Run run(Path jar, Path config, Path inbox, Path library, Path dir) throws Exception {
        Path rss = dir.resolve("rss.txt");
        Path output = dir.resolve("output.txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String optionsFile = System.getProperty("bench.jvmOptions");
        command.addAll(optionsFile == null ? List.of("-Xmx128m") : ServiceProbe.jvmOptions(Path.of(optionsFile)));
        command.addAll(List.of("-jar", jar.toString(), "--once", "--config", config.toString(), "--source",
                inbox.toString(), "--dest", library.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("the service failed; see " + output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = Files.readAllLines(rss);
        return new Run(seconds, Long.parseLong(lines.get(lines.size() - 1).trim()));
    }

    /** COUNT photos one hour and seven minutes apart from 2001 on, as the service would have filed them. */
    private static Path generate(Path library, int count) throws IOException {
        Path done = library.resolve(".complete");
        if (Files.exists(done)) {
            return library;
        }
        deleteTree(library);
        LocalDateTime shot = LocalDateTime.of(2001, 1, 1, 9, 0, 0);
        for (int i = 0; i < count; i++) {
            Path file = library.resolve(String.format("%04d/%02d_%s/%04d%02d%02d_%02d%02d%02d.jpg", shot.getYear(),
                    shot.getMonthValue(), MONTHS[shot.getMonthValue() - 1], shot.getYear(), shot.getMonthValue(),
                    shot.getDayOfMonth(), shot.getHour(), shot.getMinute(), shot.getSecond()));
            Files.createDirectories(file.getParent());
            Jpegs.builder().size(320, 240).seed(10_000 + i).quality(0.85f).thumbnail(true).dateTimeOriginal(shot)
                    .writeTo(file);
            shot = shot.plusMinutes(67 * 7);
        }
        Files.createFile(done);
        return library;
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
