package org.photoorganizer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.index.LibraryIndex;

/**
 * The SQLite library index at a million photos: how long the exact-duplicate lookup (size + MD5) and the
 * path lookup take, and how long a start needs to load every fingerprint into the similarity index.
 * Run by hand (not a test): {@code LibraryIndexBenchmark DIR [ROWS]}, ideally with {@code -Xmx128m}.
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
        return library.resolve(String.format("%04d/01_Jan/%08d.jpg", 2000 + i % 25, i));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path library = Files.createDirectories(dir.resolve("library"));
        Path database = dir.resolve("index.db");
        Files.deleteIfExists(database);
        SplittableRandom random = new SplittableRandom(42);
        try (LibraryIndex index = LibraryIndex.open(database, library)) {
            long start = System.nanoTime();
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
            System.out.printf("built %,d rows in %.1f s, file %.0f MB%n", rows, (System.nanoTime() - start) / 1e9,
                    Files.size(database) / 1e6);
        }
        try (LibraryIndex index = LibraryIndex.open(database, library)) {
            long start = System.nanoTime();
            SimilarityIndex fingerprints = new SimilarityIndex((int) index.count());
            index.forEachFingerprinted(e -> fingerprints.add(e.id(), e.fingerprint().orElseThrow().phash()));
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            System.out.printf("start: loaded %,d fingerprints in %.1f s, heap used %.0f MB of %.0f MB%n",
                    fingerprints.size(), (System.nanoTime() - start) / 1e9,
                    (runtime.totalMemory() - runtime.freeMemory()) / 1e6, runtime.maxMemory() / 1e6);
            int queries = 20_000;
            long exact = 0;
            long byPath = 0;
            for (int q = 0; q < queries; q++) {
                int i = random.nextInt(rows);
                long t0 = System.nanoTime();
                long size = sizeOf(i);
                String md5 = md5Of(i);
                if (index.findBySizeAndMd5(size, md5).size() != 1) {
                    throw new AssertionError("row " + i + " not found");
                }
                long t1 = System.nanoTime();
                index.findByPath(pathOf(library, i));
                long t2 = System.nanoTime();
                exact += t1 - t0;
                byPath += t2 - t1;
            }
            System.out.printf("size+MD5 lookup: %.3f ms, path lookup: %.3f ms (mean of %,d)%n",
                    exact / 1e6 / queries, byPath / 1e6 / queries, queries);
        }
    }
}
