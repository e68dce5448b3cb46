package org.photoorganizer.dedupe.similar;

import java.util.Arrays;
import java.util.Random;

/**
 * Measures {@link SimilarityIndex} at library scale: lookup time and heap for a million hashes, next to a
 * multi-index-hashing alternative built only here for comparison. Not a unit test (timings depend on the
 * machine); run by hand, ideally with the NAS heap:
 * {@code java -Xmx128m -cp target-similar/test-classes:target-similar/classes:<deps> ...SimilarityIndexBenchmark}.
 */
final class SimilarityIndexBenchmark {

    private static final int ENTRIES = 1_000_000;
    private static final int QUERIES = 2_000;

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : ENTRIES;
        Random random = new Random(42);
        long[] hashes = new long[entries];
        for (int i = 0; i < entries; i++) {
            hashes[i] = random.nextLong() & ~1L;
        }
        long before = usedHeap();
        SimilarityIndex grown = new SimilarityIndex();
        for (int i = 0; i < entries; i++) {
            grown.add(i, hashes[i]);
        }
        System.out.printf("%d entries, heap held by an index grown from empty: %.1f MB%n", grown.size(),
                (usedHeap() - before) / 1048576.0);
        grown = null;
        before = usedHeap();
        long buildStart = System.nanoTime();
        SimilarityIndex index = new SimilarityIndex(entries);
        for (int i = 0; i < entries; i++) {
            index.add(i, hashes[i]);
        }
        long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
        System.out.printf("heap held by a pre-sized index: %.1f MB (built in %d ms)%n",
                (usedHeap() - before) / 1048576.0, buildMs);

        long[] queries = new long[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            long near = hashes[random.nextInt(entries)];
            queries[q] = random.nextBoolean() ? near ^ (1L << (1 + random.nextInt(63))) : random.nextLong();
        }
        for (int threshold : new int[] {PerceptualHash.DEFAULT_SIMILAR_THRESHOLD, 10, 16}) {
            for (int warmup = 0; warmup < 200; warmup++) {
                index.within(queries[warmup], threshold);
            }
            double[] linear = time(q -> index.within(queries[q], threshold).size());
            MultiIndex multi = new MultiIndex(hashes, threshold + 1);
            for (int warmup = 0; warmup < 200; warmup++) {
                multi.within(queries[warmup], threshold);
            }
            double[] mih = time(q -> multi.within(queries[q], threshold));
            System.out.printf("threshold %d: linear scan median %.2f ms, p99 %.2f ms, max %.2f ms;"
                            + " multi-index (%d chunks) median %.3f ms, p99 %.3f ms, extra heap ~%.0f MB%n",
                    threshold, linear[0], linear[1], linear[2], threshold + 1, mih[0], mih[1],
                    multi.bytes() / 1048576.0);
        }
    }

    private interface Lookup {
        int run(int query);
    }

    private static double[] time(Lookup lookup) {
        double[] ms = new double[QUERIES];
        long sink = 0;
        for (int q = 0; q < QUERIES; q++) {
            long start = System.nanoTime();
            sink += lookup.run(q);
            ms[q] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        Arrays.sort(ms);
        return new double[] {ms[QUERIES / 2], ms[QUERIES * 99 / 100], ms[QUERIES - 1]};
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * Multi-index hashing: by pigeonhole, two hashes within distance t agree exactly on at least one of t+1
     * disjoint bit chunks, so only the entries sharing a chunk value with the query are checked.
     */
    private static final class MultiIndex {
        private final long[] hashes;
        private final int[][] bucketStart;
        private final int[][] members;
        private final int[] chunkShift;
        private final int[] chunkBits;

        MultiIndex(long[] hashes, int chunks) {
            this.hashes = hashes;
            bucketStart = new int[chunks][];
            members = new int[chunks][];
            chunkShift = new int[chunks];
            chunkBits = new int[chunks];
            int shift = 0;
            for (int c = 0; c < chunks; c++) {
                chunkBits[c] = 64 / chunks + (c < 64 % chunks ? 1 : 0);
                chunkShift[c] = shift;
                shift += chunkBits[c];
                int[] start = new int[(1 << chunkBits[c]) + 1];
                for (long hash : hashes) {
                    start[chunk(hash, c) + 1]++;
                }
                for (int b = 1; b < start.length; b++) {
                    start[b] += start[b - 1];
                }
                int[] fill = Arrays.copyOf(start, start.length);
                int[] list = new int[hashes.length];
                for (int i = 0; i < hashes.length; i++) {
                    list[fill[chunk(hashes[i], c)]++] = i;
                }
                bucketStart[c] = start;
                members[c] = list;
            }
        }

        int within(long query, int maxDistance) {
            int found = 0;
            java.util.BitSet seen = new java.util.BitSet();
            for (int c = 0; c < members.length; c++) {
                int bucket = chunk(query, c);
                for (int k = bucketStart[c][bucket]; k < bucketStart[c][bucket + 1]; k++) {
                    int i = members[c][k];
                    if (!seen.get(i) && Long.bitCount(hashes[i] ^ query) <= maxDistance) {
                        seen.set(i);
                        found++;
                    }
                }
            }
            return found;
        }

        long bytes() {
            long total = 0;
            for (int c = 0; c < members.length; c++) {
                total += 4L * members[c].length + 4L * bucketStart[c].length;
            }
            return total;
        }

        private int chunk(long hash, int c) {
            return (int) ((hash >>> chunkShift[c]) & ((1L << chunkBits[c]) - 1));
        }
    }

    private SimilarityIndexBenchmark() {
    }
}
