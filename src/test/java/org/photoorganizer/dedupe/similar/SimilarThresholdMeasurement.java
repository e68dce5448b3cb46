package org.photoorganizer.dedupe.similar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.media.MediaKind;

/**
 * Generates the fixture set behind {@link PerceptualHash#DEFAULT_SIMILAR_THRESHOLD} and measures it: for each
 * seed an "original" camera JPEG (q 0.92, with a 160x120 EXIF thumbnail, so its hash comes from the
 * thumbnail), a copy resized to 1/4 of the width and height, a copy re-compressed at q 0.7 (both without
 * EXIF, so hashed from a decode), and two burst frames (camera shifted and tilted; subject moved).
 * Unrelated pairs are all pairs of different seeds.
 *
 * <p>Run {@code main} to print the tables for docs/similar-threshold.md:
 * {@code java -cp target-similar/test-classes:target-similar/classes:<deps> ...SimilarThresholdMeasurement 1000}.
 */
final class SimilarThresholdMeasurement {

    static final int WIDTH = 800;
    static final int HEIGHT = 600;
    static final long FIRST_SEED = 1_000;

    /** Distance histograms (index = Hamming distance 0..64) per kind of pair. */
    record Distributions(int[] resized, int[] recompressed, int[] burstCamera, int[] burstSubject, int[] unrelated,
                         int unreadable) {

        long copies() {
            return total(resized) + total(recompressed);
        }

        long copiesWithin(int threshold) {
            return atOrBelow(resized, threshold) + atOrBelow(recompressed, threshold);
        }

        double recall(int threshold) {
            return (double) copiesWithin(threshold) / copies();
        }

        double falsePositiveRate(int threshold) {
            return (double) atOrBelow(unrelated, threshold) / total(unrelated);
        }

        static long total(int[] histogram) {
            return atOrBelow(histogram, histogram.length - 1);
        }

        static long atOrBelow(int[] histogram, int threshold) {
            long sum = 0;
            for (int d = 0; d <= Math.min(threshold, histogram.length - 1); d++) {
                sum += histogram[d];
            }
            return sum;
        }
    }

    private record Hashes(long original, long resized, long recompressed, long burstCamera, long burstSubject) {
    }

    private final ImageFingerprinter fingerprinter;

    SimilarThresholdMeasurement(ImageFingerprinter fingerprinter) {
        this.fingerprinter = fingerprinter;
    }

    /** With {@code bursts} false the burst histograms stay empty (they are reported, not asserted). */
    Distributions measure(int count, Path workDir, boolean bursts) {
        Hashes[] hashes = IntStream.range(0, count).parallel()
                .mapToObj(i -> hashesFor(FIRST_SEED + i, workDir, bursts))
                .toArray(Hashes[]::new);
        int[] resized = new int[65];
        int[] recompressed = new int[65];
        int[] burstCamera = new int[65];
        int[] burstSubject = new int[65];
        int[] unrelated = new int[65];
        int unreadable = 0;
        for (int i = 0; i < count; i++) {
            Hashes h = hashes[i];
            if (h == null) {
                unreadable++;
                continue;
            }
            resized[PerceptualHash.distance(h.original(), h.resized())]++;
            recompressed[PerceptualHash.distance(h.original(), h.recompressed())]++;
            if (bursts) {
                burstCamera[PerceptualHash.distance(h.original(), h.burstCamera())]++;
                burstSubject[PerceptualHash.distance(h.original(), h.burstSubject())]++;
            }
            for (int j = i + 1; j < count; j++) {
                if (hashes[j] != null) {
                    unrelated[PerceptualHash.distance(h.original(), hashes[j].original())]++;
                }
            }
        }
        return new Distributions(resized, recompressed, burstCamera, burstSubject, unrelated, unreadable);
    }

    private Hashes hashesFor(long seed, Path workDir, boolean bursts) {
        BufferedImage original = SyntheticPhotos.photo(seed, WIDTH, HEIGHT);
        byte[] thumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(original, 5), 0.8f);
        byte[] camera = TestImages.jpegWithExif(original, 0.92f, 1, thumbnail);
        Path originalFile = TestImages.write(workDir.resolve(seed + "-original.jpg"), camera);
        Path resizedFile = TestImages.write(workDir.resolve(seed + "-resized.jpg"),
                TestImages.jpeg(SyntheticPhotos.shrunkBy(decoded(originalFile), 4), 0.85f));
        Path recompressedFile = TestImages.write(workDir.resolve(seed + "-q70.jpg"),
                TestImages.jpeg(decoded(originalFile), 0.7f));
        if (!bursts) {
            try {
                return new Hashes(hash(originalFile), hash(resizedFile), hash(recompressedFile), 0, 0);
            } catch (IllegalStateException e) {
                return null;
            } finally {
                deleteQuietly(originalFile);
                deleteQuietly(resizedFile);
                deleteQuietly(recompressedFile);
            }
        }
        Random random = new Random(seed);
        SyntheticPhotos.Camera moved = new SyntheticPhotos.Camera(signed(random, 0.01, 0.03),
                signed(random, 0.01, 0.02), signed(random, 0.2, 0.8), 0, 1);
        SyntheticPhotos.Camera subject = new SyntheticPhotos.Camera(signed(random, 0, 0.005), 0, 0,
                signed(random, 0.03, 0.08), 2);
        Path burstCameraFile = TestImages.write(workDir.resolve(seed + "-burst-camera.jpg"),
                TestImages.jpeg(SyntheticPhotos.photo(seed, WIDTH, HEIGHT, moved), 0.92f));
        Path burstSubjectFile = TestImages.write(workDir.resolve(seed + "-burst-subject.jpg"),
                TestImages.jpeg(SyntheticPhotos.photo(seed, WIDTH, HEIGHT, subject), 0.92f));
        try {
            return new Hashes(hash(originalFile), hash(resizedFile), hash(recompressedFile), hash(burstCameraFile),
                    hash(burstSubjectFile));
        } catch (IllegalStateException e) {
            return null;
        } finally {
            for (Path file : List.of(originalFile, resizedFile, recompressedFile, burstCameraFile, burstSubjectFile)) {
                deleteQuietly(file);
            }
        }
    }

    private long hash(Path file) {
        return fingerprinter.fingerprint(file, MediaKind.IMAGE).map(ImageFingerprint::phash)
                .orElseThrow(() -> new IllegalStateException("no fingerprint for " + file));
    }

    private static double signed(Random random, double min, double max) {
        double magnitude = min + (max - min) * random.nextDouble();
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static BufferedImage decoded(Path file) {
        try {
            return javax.imageio.ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temp folder; left-overs are harmless.
        }
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path workDir = Files.createTempDirectory("similar-threshold");
        long start = System.nanoTime();
        Distributions d = new SimilarThresholdMeasurement(new PerceptualFingerprinter(new org.photoorganizer.fs.NioFileOps())).measure(count, workDir, true);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        try (Stream<Path> left = Files.list(workDir)) {
            left.sorted(Comparator.reverseOrder()).forEach(SimilarThresholdMeasurement::deleteQuietly);
        }
        deleteQuietly(workDir);
        System.out.printf("%d scenes (%d unreadable), %d unrelated pairs, %d s%n%n", count, d.unreadable(),
                Distributions.total(d.unrelated()), seconds);
        System.out.println("| distance | resized 1/4 | q 0.7 | burst: camera moved | burst: subject moved | unrelated |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int dist = 0; dist <= 64; dist++) {
            if (d.resized()[dist] + d.recompressed()[dist] + d.burstCamera()[dist] + d.burstSubject()[dist]
                    + d.unrelated()[dist] > 0) {
                System.out.printf("| %d | %d | %d | %d | %d | %d |%n", dist, d.resized()[dist],
                        d.recompressed()[dist], d.burstCamera()[dist], d.burstSubject()[dist], d.unrelated()[dist]);
            }
        }
        System.out.println();
        System.out.println("| threshold | recall (copies) | false positives (unrelated) | bursts camera | bursts subject |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int t = 2; t <= 20; t++) {
            System.out.printf("| %d | %.2f %% | %.4f %% (%d) | %.1f %% | %.1f %% |%n", t, 100 * d.recall(t),
                    100 * d.falsePositiveRate(t), Distributions.atOrBelow(d.unrelated(), t),
                    100.0 * Distributions.atOrBelow(d.burstCamera(), t) / Distributions.total(d.burstCamera()),
                    100.0 * Distributions.atOrBelow(d.burstSubject(), t) / Distributions.total(d.burstSubject()));
        }
    }
}
