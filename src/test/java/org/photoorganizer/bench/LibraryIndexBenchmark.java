package org.photoorganizer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.index.LibraryIndex;

/**
 * The library index at many photos (synthetic rows): build rate, file size, lookups (size + MD5, path),
 * durable writes one by one and in batches, move-journal entries, and what a start costs (open, load every
 * fingerprint, heap, RSS). Run by hand, never as a test, ideally with {@code -Xmx128m} and on a real disk
 * (fsync on tmpfs costs nothing):
 * <pre>
 *   LibraryIndexBenchmark build DIR [ROWS]   builds DIR/state/index with ROWS rows (default 1,000,000)
 *   LibraryIndexBenchmark start DIR [ROWS]   a fresh JVM: time from JVM start to the index open and to every
 *                                            fingerprint loaded, heap and RSS, then lookups and writes
 * </pre>
 * Run {@code start} with the shaded jar first on the class path ({@code -cp target/photo-organizer.jar:
 * target/test-classes}) so the JVM loads what the service loads.
 */
public final class LibraryIndexBenchmark {
    private LibraryIndexBenchmark() {}

    // Row i's values are derived from i, so the benchmark itself holds nothing per row in the heap.
    private static long sizeOf(int i) {
        return 1_000_000 + new SplittableRandom(i).nextInt(5_000_000);
    }

    private static String md5Of(int i) {
        byte[] md5 = new byte[16];
        new SplittableRandom(~i).nextBytes(md5);
        return HexFormat.of().formatHex(md5);
    }

    private static Path pathOf(Path library, int i) {
        return library.resolve(String.format("%04d/%02d_Jan/%08d.jpg", 2000 + i % 25, 1 + i % 12, i));
    }

    private static Path indexFile(Path dir) {
        return dir.resolve("state").resolve(LibraryIndex.FILE_NAME);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[1]));
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        Path library = Files.createDirectories(dir.resolve("library"));
        if (args[0].equals("build")) {
            build(dir, library, rows);
        } else {
            start(dir, library, rows);
        }
    }

    private static void build(Path dir, Path library, int rows) throws IOException {
        deleteTree(dir.resolve("state"));
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        try (LibraryIndex index = LibraryIndex.open(indexFile(dir), library)) {
            int batch = 10_000;
            for (int from = 0; from < rows; from += batch) {
                int first = from;
                index.inTransaction(() -> {
                    for (int i = first; i < Math.min(first + batch, rows); i++) {
                        index.put(pathOf(library, i), sizeOf(i), 1_700_000_000_000L + i, md5Of(i),
                                Optional.of(new ImageFingerprint(random.nextLong(), 1, 4000, 3000, 24)),
                                LibraryIndex.Area.LIBRARY);
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("build: %,d rows in %.1f s (%,.0f rows/s in batches of 10,000), on disk %.1f MB%n", rows,
                seconds, rows / seconds, diskSize(dir) / 1e6);
    }

    private static void start(Path dir, Path library, int rows) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Runtime runtime = Runtime.getRuntime();
        try (LibraryIndex index = LibraryIndex.open(indexFile(dir), library)) {
            long count = index.count();
            long opened = System.currentTimeMillis() - jvmStart;
            SimilarityIndex fingerprints = new SimilarityIndex((int) count);
            long loadStart = System.nanoTime();
            index.forEachLibraryFingerprint((id, phash, version) -> fingerprints.add(id, phash));
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            long loaded = System.currentTimeMillis() - jvmStart;
            System.gc();
            System.out.printf("start: JVM start to index open (%,d rows) %d ms; %,d fingerprints loaded in %d ms (%d ms"
                            + " after JVM start); heap in use %.0f MB of %.0f MB; RSS %s%n", count, opened,
                    fingerprints.size(), loadMillis, loaded, (runtime.totalMemory() - runtime.freeMemory()) / 1e6,
                    runtime.maxMemory() / 1e6, rss());

            SplittableRandom random = new SplittableRandom(7);
            int queries = 20_000;
            long exact = 0;
            long byPath = 0;
            for (int q = 0; q < queries; q++) {
                int i = random.nextInt(rows);
                long t0 = System.nanoTime();
                if (index.findBySizeAndMd5(sizeOf(i), md5Of(i)).size() != 1) {
                    throw new AssertionError("row " + i + " not found");
                }
                long t1 = System.nanoTime();
                if (index.findByPath(pathOf(library, i)).isEmpty()) {
                    throw new AssertionError("path of row " + i + " not found");
                }
                long t2 = System.nanoTime();
                exact += t1 - t0;
                byPath += t2 - t1;
            }
            System.out.printf("lookups: size+MD5 %.3f ms, path %.3f ms (mean of %,d random rows)%n",
                    exact / 1e6 / queries, byPath / 1e6 / queries, queries);

            int single = 500;
            long t0 = System.nanoTime();
            for (int n = 0; n < single; n++) {
                int i = rows + n;
                index.put(pathOf(library, i), sizeOf(i), 1_700_000_000_000L + i, md5Of(i),
                        Optional.of(new ImageFingerprint(random.nextLong(), 1, 4000, 3000, 24)), LibraryIndex.Area.LIBRARY);
            }
            double singleSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("single puts (each its own commit): %.2f ms each, %,.0f/s%n",
                    singleSeconds * 1000 / single, single / singleSeconds);

            int batches = 50;
            int perBatch = 100;
            t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                int first = rows + single + b * perBatch;
                index.inTransaction(() -> {
                    for (int i = first; i < first + perBatch; i++) {
                        index.put(pathOf(library, i), sizeOf(i), 1_700_000_000_000L + i, md5Of(i),
                                Optional.of(new ImageFingerprint(random.nextLong(), 1, 4000, 3000, 24)),
                                LibraryIndex.Area.LIBRARY);
                    }
                });
            }
            double batchSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("batched puts (%d per commit): %,.0f rows/s%n", perBatch,
                    batches * perBatch / batchSeconds);

            int moves = 500;
            t0 = System.nanoTime();
            for (int n = 0; n < moves; n++) {
                long entry = index.begin(pathOf(library, n), pathOf(library, rows + n), 1000);
                index.end(entry);
            }
            double journalSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("move journal: begin + end %.2f ms a move (%,.0f moves/s)%n",
                    journalSeconds * 1000 / moves, moves / journalSeconds);
            System.out.printf("after writes: RSS %s, on disk %.1f MB%n", rss(), diskSize(dir) / 1e6);
        }
        System.out.printf("after close: on disk %.1f MB%n", diskSize(dir) / 1e6);
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "n/a";
        }
        String now = "?";
        String peak = "?";
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                now = line.substring(6).trim();
            } else if (line.startsWith("VmHWM:")) {
                peak = line.substring(6).trim();
            }
        }
        return now + " (peak " + peak + ")";
    }

    private static long diskSize(Path dir) throws IOException {
        Path state = dir.resolve("state");
        if (!Files.isDirectory(state)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(state)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
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
