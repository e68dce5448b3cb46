package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

class PerceptualFingerprinterTest {

    private static final int THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;
    /** Same picture through different decode paths: at most one coefficient pair may swap sides. */
    private static final int SAME_PICTURE = 2;

    @TempDir
    Path dir;

    private final PerceptualFingerprinter fingerprinter = new PerceptualFingerprinter(new NioFileOps());

    @Test
    void thumbnailAndFullDecodeGiveTheSameHash() {
        for (long seed = 1; seed <= 4; seed++) {
            BufferedImage photo = SyntheticPhotos.photo(seed, 1600, 1200);
            byte[] thumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 10), 0.8f);
            ImageFingerprint viaThumbnail = fingerprint(TestImages.jpegWithExif(photo, 0.9f, 1, thumbnail), "t.jpg");
            ImageFingerprint viaDecode = fingerprint(TestImages.jpeg(photo, 0.9f), "d.jpg");
            assertThat(distance(viaThumbnail, viaDecode)).as("seed %d", seed).isLessThanOrEqualTo(SAME_PICTURE);
            assertThat(viaThumbnail.width()).isEqualTo(1600);
            assertThat(viaThumbnail.height()).isEqualTo(1200);
            assertThat(viaThumbnail.bitsPerPixel()).isEqualTo(24);
            assertThat(viaThumbnail.algorithmVersion()).isEqualTo(PerceptualHash.ALGORITHM_VERSION);
        }
    }

    @Test
    void theThumbnailIsPreferredOverDecoding() {
        BufferedImage photo = SyntheticPhotos.photo(11, 1600, 1200);
        BufferedImage otherScene = SyntheticPhotos.photo(12, 1600, 1200);
        byte[] foreignThumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(otherScene, 10), 0.8f);
        ImageFingerprint mixed = fingerprint(TestImages.jpegWithExif(photo, 0.9f, 1, foreignThumbnail), "m.jpg");
        assertThat(distance(mixed, fingerprint(TestImages.jpeg(otherScene, 0.9f), "o.jpg")))
                .isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(distance(mixed, fingerprint(TestImages.jpeg(photo, 0.9f), "p.jpg"))).isGreaterThan(THRESHOLD);
    }

    @Test
    void aThumbnailOfAnotherShapeIsIgnored() {
        BufferedImage photo = SyntheticPhotos.photo(13, 1500, 1000);
        BufferedImage padded = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = padded.createGraphics();
        g.drawImage(SyntheticPhotos.shrunkBy(SyntheticPhotos.photo(14, 1600, 1200), 10), 0, 0, null);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 160, 13);
        g.fillRect(0, 107, 160, 13);
        g.dispose();
        ImageFingerprint withPadded = fingerprint(
                TestImages.jpegWithExif(photo, 0.9f, 1, TestImages.jpeg(padded, 0.8f)), "pad.jpg");
        assertThat(distance(withPadded, fingerprint(TestImages.jpeg(photo, 0.9f), "plain.jpg")))
                .isLessThanOrEqualTo(SAME_PICTURE);
    }

    @Test
    void orientationIsAppliedForEveryExifValue() {
        BufferedImage shown = SyntheticPhotos.photo(21, 640, 480);
        ImageFingerprint upright = fingerprint(TestImages.jpeg(shown, 0.95f), "upright.jpg");
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage stored = storedFor(shown, orientation);
            ImageFingerprint decoded = fingerprint(TestImages.jpegWithExif(stored, 0.95f, orientation, null),
                    "o" + orientation + ".jpg");
            byte[] thumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(stored, 4), 0.85f);
            ImageFingerprint fromThumbnail = fingerprint(
                    TestImages.jpegWithExif(stored, 0.95f, orientation, thumbnail), "ot" + orientation + ".jpg");
            assertThat(distance(decoded, upright)).as("orientation %d", orientation).isLessThanOrEqualTo(SAME_PICTURE);
            assertThat(distance(fromThumbnail, upright)).as("thumbnail, orientation %d", orientation)
                    .isLessThanOrEqualTo(SAME_PICTURE);
            assertThat(decoded.width()).isEqualTo(stored.getWidth());
            if (orientation != 1) {
                ImageFingerprint ignoringTag = fingerprint(TestImages.jpeg(stored, 0.95f), "n" + orientation + ".jpg");
                assertThat(distance(ignoringTag, upright)).as("untagged %d", orientation).isGreaterThan(THRESHOLD);
            }
        }
    }

    @Test
    void resizedAndRecompressedCopiesMatchUnrelatedPhotosDoNot() throws IOException {
        ImageFingerprint[] originals = new ImageFingerprint[4];
        for (int i = 0; i < originals.length; i++) {
            BufferedImage photo = SyntheticPhotos.photo(30 + i, 800, 600);
            originals[i] = fingerprint(TestImages.jpeg(photo, 0.92f), "orig" + i + ".jpg");
            ImageFingerprint quarter = fingerprint(TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 4), 0.85f), "q.jpg");
            ImageFingerprint q70 = fingerprint(TestImages.jpeg(photo, 0.7f), "c.jpg");
            assertThat(distance(originals[i], quarter)).isLessThanOrEqualTo(THRESHOLD);
            assertThat(distance(originals[i], q70)).isLessThanOrEqualTo(THRESHOLD);
            assertThat(quarter.width()).isEqualTo(200);
        }
        for (int i = 0; i < originals.length; i++) {
            for (int j = i + 1; j < originals.length; j++) {
                assertThat(distance(originals[i], originals[j])).isGreaterThan(THRESHOLD);
            }
        }
    }

    @Test
    void otherImageIoFormatsAreDecodedWithTheirColourDepth() {
        BufferedImage photo = SyntheticPhotos.photo(41, 800, 600);
        ImageFingerprint jpeg = fingerprint(TestImages.jpeg(photo, 0.95f), "ref.jpg");
        ImageFingerprint png = fingerprintOf(photo, "png");
        ImageFingerprint bmp = fingerprintOf(photo, "bmp");
        ImageFingerprint gif = fingerprintOf(photo, "gif");
        BufferedImage grey = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(photo, 0, 0, null);
        ImageFingerprint greyPng = fingerprintOf(grey, "png");
        assertThat(distance(png, jpeg)).isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(distance(bmp, jpeg)).isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(distance(gif, jpeg)).isLessThanOrEqualTo(THRESHOLD);
        assertThat(distance(greyPng, jpeg)).isLessThanOrEqualTo(THRESHOLD);
        assertThat(png.bitsPerPixel()).isEqualTo(24);
        assertThat(bmp.bitsPerPixel()).isEqualTo(24);
        assertThat(gif.bitsPerPixel()).isLessThanOrEqualTo(8);
        assertThat(greyPng.bitsPerPixel()).isEqualTo(8);
        assertThat(png.width()).isEqualTo(800);
    }

    @Test
    void largeImagesAreSubsampledAndReportTheirFullSize() {
        BufferedImage photo = SyntheticPhotos.photo(51, 3000, 2000);
        ImageFingerprint big = fingerprint(TestImages.jpeg(photo, 0.9f), "big.jpg");
        ImageFingerprint bigPng = fingerprintOf(photo, "png");
        ImageFingerprint small = fingerprint(TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 5), 0.9f), "s.jpg");
        assertThat(big.width()).isEqualTo(3000);
        assertThat(big.height()).isEqualTo(2000);
        assertThat(bigPng.pixelCount()).isEqualTo(6_000_000L);
        assertThat(distance(big, small)).isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(distance(bigPng, small)).isLessThanOrEqualTo(SAME_PICTURE);
    }

    @Test
    void rawFilesUseTheirEmbeddedPreviewButReportTheSensorSize() {
        BufferedImage shown = SyntheticPhotos.photo(61, 900, 600);
        byte[] preview = TestImages.jpeg(storedFor(shown, 6), 0.9f);
        Path raw = TestImages.write(dir.resolve("IMG_0001.NEF"), TestImages.rawWithPreview(4000, 6000, 6, preview));
        ImageFingerprint fromRaw = fingerprinter.fingerprint(raw, MediaKind.IMAGE).orElseThrow();
        assertThat(fromRaw.width()).isEqualTo(4000);
        assertThat(fromRaw.height()).isEqualTo(6000);
        assertThat(fromRaw.bitsPerPixel()).isEqualTo(42);
        assertThat(distance(fromRaw, fingerprint(TestImages.jpeg(shown, 0.9f), "shown.jpg")))
                .isLessThanOrEqualTo(SAME_PICTURE);
    }

    @Test
    void headersClaimingHugeImagesAreRefusedBeforeDecoding() {
        Path pngBomb = TestImages.write(dir.resolve("bomb.png"), TestImages.pngClaiming(100_000, 100_000));
        assertThat(fingerprinter.fingerprint(pngBomb, MediaKind.IMAGE)).isEmpty();
        byte[] small = TestImages.jpeg(SyntheticPhotos.photo(71, 64, 48), 0.9f);
        Path jpegBomb = TestImages.write(dir.resolve("bomb.jpg"), TestImages.jpegClaiming(small, 65_000, 65_000));
        assertThat(fingerprinter.fingerprint(jpegBomb, MediaKind.IMAGE)).isEmpty();
        Path raw = TestImages.write(dir.resolve("bomb.dng"), TestImages.rawWithPreview(60_000, 60_000, 1, small));
        assertThat(fingerprinter.fingerprint(raw, MediaKind.IMAGE)).isEmpty();
    }

    @Test
    void thePixelBudgetAppliesToOrdinaryImagesToo() {
        BufferedImage photo = SyntheticPhotos.photo(72, 1200, 900);
        Path png = dir.resolve("budget.png");
        TestImages.writeImage(photo, "png", png);
        Path jpeg = TestImages.write(dir.resolve("budget.jpg"), TestImages.jpeg(photo, 0.9f));
        PerceptualFingerprinter strict = new PerceptualFingerprinter(new NioFileOps(),
                new PerceptualFingerprinter.Limits(1_000_000, 48L << 20, 512));
        assertThat(strict.fingerprint(png, MediaKind.IMAGE)).isEmpty();
        assertThat(strict.fingerprint(jpeg, MediaKind.IMAGE)).isEmpty();
        assertThat(fingerprinter.fingerprint(png, MediaKind.IMAGE)).isPresent();
    }

    @Test
    void formatsThatBufferWholeImagesAreLimitedByTheDecodeBudget() {
        BufferedImage photo = SyntheticPhotos.photo(73, 1200, 900);
        Path bmp = dir.resolve("budget.bmp");
        TestImages.writeImage(photo, "bmp", bmp);
        PerceptualFingerprinter smallBudget = new PerceptualFingerprinter(new NioFileOps(),
                new PerceptualFingerprinter.Limits(250_000_000L, 4L << 20, 512));
        assertThat(smallBudget.fingerprint(bmp, MediaKind.IMAGE)).isEmpty();
        assertThat(fingerprinter.fingerprint(bmp, MediaKind.IMAGE)).isPresent();
    }

    @Test
    void progressiveJpegsAboveTheDecodeBudgetNeedTheirThumbnail() {
        BufferedImage photo = SyntheticPhotos.photo(74, 1200, 900);
        byte[] progressive = TestImages.jpeg(photo, 0.9f, true);
        byte[] thumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 5), 0.8f);
        Path bare = TestImages.write(dir.resolve("progressive.jpg"), progressive);
        Path withThumbnail = TestImages.write(dir.resolve("progressive-thumb.jpg"),
                TestImages.withExif(progressive, 1, thumbnail));
        // 1200 x 900 x 3 components x 2 bytes of coefficients = 6.2 MB, over a 4 MB budget.
        PerceptualFingerprinter smallBudget = new PerceptualFingerprinter(new NioFileOps(),
                new PerceptualFingerprinter.Limits(250_000_000L, 4L << 20, 512));
        assertThat(smallBudget.fingerprint(bare, MediaKind.IMAGE)).isEmpty();
        assertThat(smallBudget.fingerprint(withThumbnail, MediaKind.IMAGE)).isPresent();
        ImageFingerprint decoded = fingerprinter.fingerprint(bare, MediaKind.IMAGE).orElseThrow();
        assertThat(distance(decoded, fingerprint(TestImages.jpeg(photo, 0.9f), "baseline.jpg")))
                .isLessThanOrEqualTo(SAME_PICTURE);
    }

    @Test
    void brokenFilesGiveNoFingerprint() throws IOException {
        BufferedImage photo = SyntheticPhotos.photo(81, 800, 600);
        byte[] jpeg = TestImages.jpeg(photo, 0.9f);
        byte[] withThumbnail = TestImages.jpegWithExif(photo, 0.9f, 1,
                TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 5), 0.8f));
        Path png = dir.resolve("whole.png");
        TestImages.writeImage(photo, "png", png);
        byte[] pngBytes = Files.readAllBytes(png);
        byte[] noise = new byte[5000];
        new Random(82).nextBytes(noise);
        assertEmpty("empty.jpg", new byte[0]);
        assertEmpty("noise.jpg", noise);
        assertEmpty("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        assertEmpty("cut-with-thumbnail.jpg", Arrays.copyOf(withThumbnail, withThumbnail.length * 6 / 10));
        assertEmpty("header-only.jpg", Arrays.copyOf(jpeg, 300));
        assertEmpty("cut.png", Arrays.copyOf(pngBytes, pngBytes.length / 2));
        assertEmpty("photo.heic", noise);
        assertThat(fingerprinter.fingerprint(dir.resolve("missing.jpg"), MediaKind.IMAGE)).isEmpty();
        assertThat(fingerprinter.fingerprint(png, MediaKind.VIDEO)).isEmpty();
        // The same bytes, whole, do give a fingerprint: the cuts above are what made them fail.
        assertThat(fingerprinter.fingerprint(TestImages.write(dir.resolve("whole.jpg"), withThumbnail),
                MediaKind.IMAGE)).isPresent();
    }

    @Test
    void theExifTiffHeaderIsLocatedInTheFile() throws IOException {
        byte[] bytes = TestImages.jpegWithExif(SyntheticPhotos.photo(91, 320, 240), 0.9f, 6, null);
        Path file = TestImages.write(dir.resolve("exif.jpg"), bytes);
        JpegStructure structure;
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            structure = JpegStructure.read(channel).orElseThrow();
        }
        int at = (int) structure.tiffHeaderOffset();
        assertThat(Arrays.copyOfRange(bytes, at, at + 4)).containsExactly('M', 'M', 0, 42);
        assertThat(structure.width()).isEqualTo(320);
        assertThat(structure.components()).isEqualTo(3);
    }

    private void assertEmpty(String name, byte[] content) {
        Path file = TestImages.write(dir.resolve(name), content);
        assertThat(fingerprinter.fingerprint(file, MediaKind.IMAGE)).as(name).isEmpty();
    }

    private ImageFingerprint fingerprint(byte[] content, String name) {
        Path file = TestImages.write(dir.resolve(name), content);
        return fingerprinter.fingerprint(file, MediaKind.IMAGE).orElseThrow(() -> new AssertionError(name));
    }

    private ImageFingerprint fingerprintOf(BufferedImage image, String format) {
        Path file = dir.resolve(image.hashCode() + "." + format);
        TestImages.writeImage(image, format, file);
        return fingerprinter.fingerprint(file, MediaKind.IMAGE).orElseThrow(() -> new AssertionError(format));
    }

    private static int distance(ImageFingerprint a, ImageFingerprint b) {
        return PerceptualHash.distance(a.phash(), b.phash());
    }

    /**
     * The pixels a camera would store for a picture meant to be {@code shown} with this EXIF orientation,
     * written from the tag's definition (which visual side the stored 0th row and 0th column are).
     */
    static BufferedImage storedFor(BufferedImage shown, int orientation) {
        int w = shown.getWidth();
        int h = shown.getHeight();
        boolean swapped = orientation >= 5;
        BufferedImage stored = new BufferedImage(swapped ? h : w, swapped ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int sy = 0; sy < stored.getHeight(); sy++) {
            for (int sx = 0; sx < stored.getWidth(); sx++) {
                int x;
                int y;
                switch (orientation) {
                    case 1 -> { x = sx; y = sy; }                 // row 0 top, column 0 left
                    case 2 -> { x = w - 1 - sx; y = sy; }         // row 0 top, column 0 right
                    case 3 -> { x = w - 1 - sx; y = h - 1 - sy; } // row 0 bottom, column 0 right
                    case 4 -> { x = sx; y = h - 1 - sy; }         // row 0 bottom, column 0 left
                    case 5 -> { x = sy; y = sx; }                 // row 0 left, column 0 top
                    case 6 -> { x = w - 1 - sy; y = sx; }         // row 0 right, column 0 top
                    case 7 -> { x = w - 1 - sy; y = h - 1 - sx; } // row 0 right, column 0 bottom
                    default -> { x = sy; y = h - 1 - sx; }        // row 0 left, column 0 bottom
                }
                stored.setRGB(sx, sy, shown.getRGB(x, y));
            }
        }
        return stored;
    }
}
