package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.ImageTools;

/**
 * The grey square from the JPEG's luma DC coefficients is the picture's: it matches the area average of a full
 * decode, on the variants cameras and tools write; what it does not take (progressive, arithmetic, CMYK, RGB,
 * damaged or hostile data) it refuses with {@link JpegDcDecoder.Unsupported} and nothing else.
 */
class JpegDcDecoderTest {
    private static final int SIZE = PerceptualHash.INPUT_SIZE;

    @TempDir
    Path dir;

    @Test
    void theBlockMeansGiveTheAreaAverageOfTheFullDecode() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            byte[] jpeg = TestImages.jpeg(SyntheticPhotos.photo(seed, 1600, 1200), 0.9f);
            assertMatchesFullDecode(write("photo" + seed + ".jpg", jpeg));
        }
    }

    @Test
    void sizesThatAreNoMultipleOfTheBlockAndGreyscaleWork() throws Exception {
        BufferedImage odd = SyntheticPhotos.photo(5, 1203, 905);
        assertMatchesFullDecode(write("odd.jpg", TestImages.jpeg(odd, 0.85f)));
        BufferedImage grey = new BufferedImage(1000, 700, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(SyntheticPhotos.photo(6, 1000, 700), 0, 0, null);
        assertMatchesFullDecode(write("grey.jpg", TestImages.jpeg(grey, 0.9f)));
    }

    @Test
    void theSamplingFactorsAndRestartMarkersToolsWriteWork() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireJpegTools();
        Path png = dir.resolve("v.png");
        TestImages.writeImage(SyntheticPhotos.photo(7, 1200, 900), "png", png);
        Path ppm = ImageTools.convert(png, dir.resolve("v.ppm"));
        Path baseline = ImageTools.convert(png, dir.resolve("baseline.jpg"), "-quality", "90");
        for (Path variant : List.of(baseline,
                ImageTools.convert(png, dir.resolve("s444.jpg"), "-sampling-factor", "1x1", "-quality", "92"),
                ImageTools.convert(png, dir.resolve("s422.jpg"), "-sampling-factor", "2x1", "-quality", "92"),
                ImageTools.convert(png, dir.resolve("s41.jpg"), "-sampling-factor", "4x1", "-quality", "90"),
                ImageTools.convert(png, dir.resolve("s12.jpg"), "-sampling-factor", "1x2", "-quality", "90"),
                ImageTools.runTo(dir.resolve("s31.jpg"), "cjpeg", "-sample", "3x1", "-quality", "90", ppm.toString()),
                ImageTools.runTo(dir.resolve("optimised.jpg"), "cjpeg", "-optimize", "-quality", "75",
                        ppm.toString()),
                ImageTools.runTo(dir.resolve("restart1.jpg"), "jpegtran", "-restart", "1", baseline.toString()),
                ImageTools.runTo(dir.resolve("restart7b.jpg"), "jpegtran", "-restart", "7b", baseline.toString()),
                ImageTools.convert(png, dir.resolve("grey-im.jpg"), "-colorspace", "Gray", "-quality", "90"))) {
            assertMatchesFullDecode(variant);
        }
    }

    @Test
    void huffmanTablesBuiltForOnePhotoServeTheNextOnesWithTheSameTablesAndOthersAreBuiltAnew() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireJpegTools();
        // Java's encoder writes the standard tables into every photo; cjpeg -optimize writes the photo's own.
        Path first = write("first.jpg", TestImages.jpeg(SyntheticPhotos.photo(11, 800, 600), 0.9f));
        Path second = write("second.jpg", TestImages.jpeg(SyntheticPhotos.photo(12, 1000, 700), 0.75f));
        Path png = dir.resolve("o.png");
        TestImages.writeImage(SyntheticPhotos.photo(13, 900, 600), "png", png);
        Path optimised = ImageTools.runTo(dir.resolve("optimised.jpg"), "cjpeg", "-optimize", "-quality", "80",
                ImageTools.convert(png, dir.resolve("o.ppm")).toString());
        JpegDcDecoder.Tables tables = new JpegDcDecoder.Tables();

        assertThat(greySquare(first, tables)).isEqualTo(greySquare(first));
        int built = tables.builds();
        assertThat(built).as("a DC and an AC table for luma and for chroma").isEqualTo(4);
        assertThat(greySquare(second, tables)).isEqualTo(greySquare(second));
        assertThat(tables.builds()).as("the same tables again").isEqualTo(built);
        assertThat(greySquare(optimised, tables)).isEqualTo(greySquare(optimised));
        assertThat(tables.builds()).as("the optimised photo's own tables").isGreaterThan(built);
        assertMatchesFullDecode(optimised);
    }

    @Test
    void theVariantsItDoesNotTakeAreRefusedForTheSlowWay() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireJpegTools();
        Path png = dir.resolve("r.png");
        TestImages.writeImage(SyntheticPhotos.photo(8, 1200, 900), "png", png);
        Path ppm = ImageTools.convert(png, dir.resolve("r.ppm"));
        Path baseline = ImageTools.convert(png, dir.resolve("baseline.jpg"), "-quality", "90");
        for (Path refused : List.of(
                ImageTools.convert(png, dir.resolve("progressive.jpg"), "-interlace", "JPEG", "-quality", "90"),
                ImageTools.runTo(dir.resolve("arithmetic.jpg"), "jpegtran", "-arithmetic", baseline.toString()),
                ImageTools.convert(png, dir.resolve("ycck.jpg"), "-colorspace", "CMYK", "-quality", "90"),
                ImageTools.runTo(dir.resolve("rgb.jpg"), "cjpeg", "-rgb", "-quality", "90", ppm.toString()),
                write("small.jpg", TestImages.jpeg(SyntheticPhotos.photo(9, 200, 150), 0.9f)))) {
            assertThatThrownBy(() -> greySquare(refused)).as(refused.getFileName().toString())
                    .isInstanceOf(JpegDcDecoder.Unsupported.class);
        }
    }

    @Test
    void damagedDataIsRefusedSoTheSlowWayCanSaySo() throws Exception {
        byte[] jpeg = TestImages.jpeg(SyntheticPhotos.photo(10, 800, 600), 0.9f);
        byte[] scrambled = jpeg.clone();
        Arrays.fill(scrambled, scrambled.length / 2, scrambled.length / 2 + 400, (byte) 0x55);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        byte[] padded = new byte[jpeg.length + 1];
        System.arraycopy(jpeg, 0, padded, 0, jpeg.length - 2);
        padded[padded.length - 2] = (byte) 0xFF;
        padded[padded.length - 1] = (byte) 0xD9;
        for (byte[] damaged : List.of(scrambled, cut, padded, Arrays.copyOf(jpeg, 300))) {
            assertThatThrownBy(() -> greySquare(write("damaged.jpg", damaged)))
                    .isInstanceOf(JpegDcDecoder.Unsupported.class);
        }
    }

    @Test
    void hostileBytesAreRefusedNeverCrashOrHang() throws Exception {
        byte[] jpeg = TestImages.jpeg(SyntheticPhotos.photo(11, 640, 480), 0.8f);
        SplittableRandom random = new SplittableRandom(13);
        int decoded = 0;
        for (int round = 0; round < 400; round++) {
            byte[] mutant = jpeg.clone();
            int flips = 1 + random.nextInt(20);
            for (int i = 0; i < flips; i++) {
                // Mostly in the headers, where the tables and sizes are.
                int at = random.nextInt(10) < 7 ? random.nextInt(Math.min(700, mutant.length))
                        : random.nextInt(mutant.length);
                mutant[at] = (byte) random.nextInt(256);
            }
            Path file = write("mutant.jpg", mutant);
            try {
                float[] grey = greySquare(file);
                assertThat(grey).hasSize(SIZE * SIZE);
                for (float value : grey) {
                    assertThat(value).isBetween(0f, 255f);
                }
                decoded++;
            } catch (JpegDcDecoder.Unsupported expected) {
                // refused: the slow way decides
            }
        }
        assertThat(decoded).as("some mutants still decode").isPositive();
    }

    private void assertMatchesFullDecode(Path file) throws Exception {
        String name = file.getFileName().toString();
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(java.nio.file.Files.readAllBytes(file)));
        float[] expected = GreyscaleBoxFilter.shrink(full, SIZE);
        float[] actual = greySquare(file);
        double sum = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs(expected[i] - actual[i]);
            sum += difference;
            worst = Math.max(worst, difference);
        }
        assertThat(sum / expected.length).as(name + ": mean difference in grey levels").isLessThan(1.0);
        // An edge inside a block is placed by the block's mean only: a cell can be a few levels off.
        assertThat(worst).as(name + ": largest difference in grey levels").isLessThan(8.0);
        assertThat(PerceptualHash.distance(PerceptualHash.of(expected), PerceptualHash.of(actual))).as(name)
                .isLessThanOrEqualTo(2);
    }

    private static float[] greySquare(Path file) throws IOException, JpegDcDecoder.Unsupported {
        return greySquare(file, new JpegDcDecoder.Tables());
    }

    private static float[] greySquare(Path file, JpegDcDecoder.Tables tables) throws IOException,
            JpegDcDecoder.Unsupported {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return JpegDcDecoder.greySquare(channel, SIZE, tables);
        }
    }

    private Path write(String name, byte[] content) {
        return TestImages.write(dir.resolve(name), content);
    }
}
