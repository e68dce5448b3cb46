package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.fixtures.ExternalTools;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * PngLuma reads the same pixels as ImageIO's subsampled decode and averages them with the same arithmetic: its
 * grey square equals, to the last bit, the one made from the image ImageIO hands back, for PNGs written by Java
 * and by ImageMagick with every filter type; the PNGs it does not take go through ImageIO as before.
 */
class PngLumaTest {
    private static final int SIZE = PerceptualHash.INPUT_SIZE;
    private static final SubsampledDecoder SUBSAMPLED = new SubsampledDecoder(
            PerceptualFingerprinter.Limits.DEFAULT.decodeSide());

    @TempDir
    Path temp;

    @Test
    void greyRgbAndRgbaWrittenByJavaGiveImageIosSquare() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_4BYTE_ABGR}) {
            for (int[] size : new int[][] {{1600, 1200}, {530, 401}, {1023, 77}}) {
                Path png = temp.resolve("java-" + type + "-" + size[0] + ".png");
                ImageIO.write(picture(type, size[0], size[1], type + size[0]), "png", png.toFile());

                assertSameSquareAsThroughImageIo(png);
            }
        }
    }

    @Test
    void everyFilterTypeImageMagickWritesGivesImageIosSquare() throws Exception {
        ExternalTools.require("convert", "-version", "imagemagick");
        Path opaque = temp.resolve("opaque.png");
        ImageIO.write(picture(BufferedImage.TYPE_3BYTE_BGR, 700, 500, 7), "png", opaque.toFile());
        Path translucent = temp.resolve("translucent.png");
        ImageIO.write(picture(BufferedImage.TYPE_4BYTE_ABGR, 700, 500, 8), "png", translucent.toFile());
        // -quality's last digit picks the filter: 0 none, 1 sub, 2 up, 3 average, 4 Paeth, 5 adaptive.
        for (String quality : List.of("90", "91", "92", "93", "94", "95")) {
            for (String kind : List.of("PNG24", "PNG32", "grey")) {
                Path png = temp.resolve("magick-" + quality + "-" + kind + ".png");
                ImageTools.run(kind.equals("grey")
                        ? List.of("convert", opaque.toString(), "-type", "Grayscale", "-quality", quality,
                                png.toString())
                        : List.of("convert", (kind.equals("PNG32") ? translucent : opaque).toString(), "-quality",
                                quality, kind + ":" + png));

                assertSameSquareAsThroughImageIo(png);
            }
        }
    }

    @Test
    void thePngsItDoesNotTakeAreLeftToImageIo() throws Exception {
        ExternalTools.require("convert", "-version", "imagemagick");
        Path source = temp.resolve("source.png");
        ImageIO.write(picture(BufferedImage.TYPE_3BYTE_BGR, 640, 480, 9), "png", source.toFile());
        PerceptualFingerprinter fast = new PerceptualFingerprinter(new NioFileOps());
        PerceptualFingerprinter imageIo = new PerceptualFingerprinter(new NioFileOps(),
                PerceptualFingerprinter.Limits.DEFAULT, false);
        // 16-bit, interlaced, a palette, grey with alpha, RGB with one colour transparent (tRNS); the last item is
        // the output's prefix.
        for (List<String> variant : List.of(List.of("PNG48:"), List.of("-interlace", "PNG", ""),
                List.of("-colors", "200", "-type", "Palette", "PNG8:"),
                List.of("-alpha", "set", "-channel", "A", "-evaluate", "set", "50%", "+channel", "-type",
                        "GrayscaleAlpha", ""),
                List.of("-transparent", "rgb(20,200,90)", "PNG24:"))) {
            Path png = temp.resolve("variant-" + variant.hashCode() + ".png");
            List<String> argv = new java.util.ArrayList<>(List.of("convert", source.toString()));
            argv.addAll(variant.subList(0, variant.size() - 1));
            argv.add(variant.get(variant.size() - 1) + png);
            ImageTools.run(argv);

            assertThatThrownBy(() -> square(png, step(png))).as(variant.toString())
                    .isInstanceOf(PngLuma.Unsupported.class);
            ImageReading read = fast.read(png, MediaKind.IMAGE);
            assertThat(read.fingerprint()).as(variant.toString()).isPresent();
            assertThat(read.fingerprint()).isEqualTo(imageIo.read(png, MediaKind.IMAGE).fingerprint());
        }
    }

    @Test
    void aCutShortPngIsJudgedByImageIoAsBefore() throws Exception {
        Path whole = temp.resolve("whole.png");
        ImageIO.write(picture(BufferedImage.TYPE_3BYTE_BGR, 800, 600, 11), "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(temp.resolve("cut.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> square(cut, step(whole)))
                .isInstanceOf(PngLuma.Unsupported.class);
        ImageReading fast = new PerceptualFingerprinter(new NioFileOps()).read(cut, MediaKind.IMAGE);
        ImageReading imageIo = new PerceptualFingerprinter(new NioFileOps(), PerceptualFingerprinter.Limits.DEFAULT,
                false).read(cut, MediaKind.IMAGE);
        assertThat(fast.comparison()).isEqualTo(imageIo.comparison());
        assertThat(fast.fingerprint()).isEqualTo(imageIo.fingerprint());
    }

    @Test
    void theFingerprinterReadsPlainPngsThisWayWithTheSameFingerprint() throws Exception {
        Path png = temp.resolve("photo.png");
        ImageIO.write(picture(BufferedImage.TYPE_3BYTE_BGR, 1600, 1200, 13), "png", png.toFile());

        ImageReading fast = new PerceptualFingerprinter(new NioFileOps()).read(png, MediaKind.IMAGE);
        ImageReading imageIo = new PerceptualFingerprinter(new NioFileOps(), PerceptualFingerprinter.Limits.DEFAULT,
                false).read(png, MediaKind.IMAGE);

        assertThat(fast.fingerprint()).isPresent().isEqualTo(imageIo.fingerprint());
        assertThat(fast.origin()).isEqualTo(imageIo.origin());
    }

    @Test
    void aPngTooWideForTheDecodeBudgetIsComparedExactlyOnlyWithoutDecoding() throws Exception {
        // 4,000,000 x 60 (240 MP, within the pixel limit): two 16-bit RGBA rows need 64 MB, over the 48 MB budget.
        Path wide16 = Files.write(temp.resolve("wide16.png"), headerOnly(4_000_000, 60, 16, 6));
        ImageReading read = new PerceptualFingerprinter(new NioFileOps()).read(wide16, MediaKind.IMAGE);
        assertThat(read.comparison()).isEqualTo(ImageReading.Comparison.TOO_LARGE);

        // The same for the rows read here, under a smaller budget.
        Path wide8 = Files.write(temp.resolve("wide8.png"), headerOnly(300_000, 60, 8, 6));
        PerceptualFingerprinter.Limits small = new PerceptualFingerprinter.Limits(250_000_000L, 2L << 20, 512);
        assertThat(new PerceptualFingerprinter(new NioFileOps(), small).read(wide8, MediaKind.IMAGE).comparison())
                .isEqualTo(ImageReading.Comparison.TOO_LARGE);
    }

    /** A PNG's signature, IHDR and IEND: what a reader sees before it allocates anything. */
    private static byte[] headerOnly(int width, int height, int depth, int colour) {
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 25 + 12);
        png.putLong(0x89504E470D0A1A0AL);
        png.putInt(13).putInt(0x49484452).putInt(width).putInt(height);
        png.put((byte) depth).put((byte) colour).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png.array(), 12, 17);
        png.putInt((int) crc.getValue());
        png.putInt(0).putInt(0x49454E44).putInt(0xAE426082);
        return png.array();
    }

    private static void assertSameSquareAsThroughImageIo(Path png) throws Exception {
        assertThat(square(png, step(png))).as(png.getFileName().toString()).containsExactly(throughImageIo(png));
    }

    private static float[] square(Path png, int step) throws Exception {
        try (SeekableByteChannel channel = Files.newByteChannel(png, StandardOpenOption.READ)) {
            return PngLuma.greySquare(channel, step, SIZE);
        }
    }

    private static int step(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return SUBSAMPLED.subsamplingFor(image.getWidth(), image.getHeight());
    }

    /** What the fingerprinter made of a PNG before: ImageIO's subsampled decode, averaged. */
    private static float[] throughImageIo(Path png) throws Exception {
        try (ImageInputStream input = ImageIO.createImageInputStream(png.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            try {
                reader.setInput(input, true, true);
                BufferedImage image = SUBSAMPLED.decode(reader, reader.getWidth(0), reader.getHeight(0));
                return GreyscaleBoxFilter.shrink(image, SIZE);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Noise over gradients and shapes, with some transparency where the type has alpha. */
    private static BufferedImage picture(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(40)) & 0xFF;
                int g = (y * 255 / height + random.nextInt(40)) & 0xFF;
                int b = random.nextInt(256);
                int a = type == BufferedImage.TYPE_4BYTE_ABGR ? 128 + random.nextInt(128) : 255;
                image.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 200, 90));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }
}
