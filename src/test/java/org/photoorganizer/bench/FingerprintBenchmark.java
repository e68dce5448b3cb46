package org.photoorganizer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * What a fingerprint costs when it comes from a decode, used by {@code scripts/bench}: over the camera-like
 * 12-megapixel JPEGs of the realistic corpus ({@code DIR}), the fingerprint of each photo without an EXIF
 * thumbnail ({@code read}, the cost per incoming photo) and the pixel confirmation of a similar verdict (both
 * pictures of a pair decoded with {@code readPicture}), after a warm-up. Prints {@code RESULT} lines for the
 * script: median and 90th percentile in milliseconds.
 */
public final class FingerprintBenchmark {
    private FingerprintBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Path> photos;
        try (Stream<Path> files = Files.walk(dir)) {
            photos = files.filter(path -> path.getFileName().toString().matches("IMG_\\d+\\.JPG")).sorted().toList();
        }
        PerceptualFingerprinter fingerprinter = new PerceptualFingerprinter(new NioFileOps());
        List<Path> withoutThumbnail = new ArrayList<>();
        List<Path> withThumbnail = new ArrayList<>();
        for (Path photo : photos) {
            ImageReading reading = fingerprinter.read(photo, MediaKind.IMAGE);
            (reading.source() == ImageReading.Source.THUMBNAIL ? withThumbnail : withoutThumbnail).add(photo);
        }
        // Warm-up: the JIT compiles the decoder as it would after a few photos in the service.
        for (int i = 0; i < 3; i++) {
            for (Path photo : withoutThumbnail.subList(0, Math.min(5, withoutThumbnail.size()))) {
                fingerprinter.read(photo, MediaKind.IMAGE);
            }
        }
        double[] decode = new double[withoutThumbnail.size()];
        for (int i = 0; i < decode.length; i++) {
            long start = System.nanoTime();
            fingerprinter.read(withoutThumbnail.get(i), MediaKind.IMAGE);
            decode[i] = (System.nanoTime() - start) / 1e6;
        }
        int pairs = Math.min(30, withThumbnail.size() / 2);
        double[] verdict = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            long start = System.nanoTime();
            fingerprinter.readPicture(withThumbnail.get(2 * i), MediaKind.IMAGE);
            fingerprinter.readPicture(withThumbnail.get(2 * i + 1), MediaKind.IMAGE);
            verdict[i] = (System.nanoTime() - start) / 1e6;
        }
        print("decode_ms", decode);
        print("verdict_ms", verdict);
        agreement(photos);
    }

    /**
     * How far the hash of each photo's picture (readPicture) lies from the one a subsampled decode through ImageIO
     * gives, the way of algorithm version 1: median and largest distance. Skipped for a build without the choice.
     */
    private static void agreement(List<Path> photos) throws Exception {
        PerceptualFingerprinter slow;
        try {
            slow = org.photoorganizer.dedupe.similar.Fingerprinters.withoutBlockMeans(new NioFileOps());
        } catch (LinkageError olderBuild) {
            return;
        }
        PerceptualFingerprinter fast = new PerceptualFingerprinter(new NioFileOps());
        List<Integer> distances = new ArrayList<>();
        for (Path photo : photos) {
            ImageReading a = fast.readPicture(photo, MediaKind.IMAGE);
            ImageReading b = slow.readPicture(photo, MediaKind.IMAGE);
            if (a.fingerprint().isPresent() && b.fingerprint().isPresent()) {
                distances.add(Long.bitCount(a.fingerprint().get().phash() ^ b.fingerprint().get().phash()));
            }
        }
        distances.sort(null);
        if (!distances.isEmpty()) {
            System.out.printf(Locale.ROOT, "RESULT agreement_median %d%nRESULT agreement_max %d%n"
                    + "RESULT agreement_count %d%n", distances.get(distances.size() / 2),
                    distances.get(distances.size() - 1), distances.size());
        }
    }

    private static void print(String name, double[] values) {
        if (values.length == 0) {
            System.out.printf(Locale.ROOT, "RESULT %s_median 0%nRESULT %s_p90 0%nRESULT %s_count 0%n", name, name, name);
            return;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "RESULT %s_median %.1f%nRESULT %s_p90 %.1f%nRESULT %s_count %d%n", name,
                sorted[sorted.length / 2], name, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.9))],
                name, sorted.length);
    }
}
