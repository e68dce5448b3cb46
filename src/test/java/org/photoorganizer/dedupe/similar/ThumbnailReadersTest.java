package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.ImageTools;

class ThumbnailReadersTest {
    @TempDir
    Path dir;

    private final BufferedImage scene = SyntheticPhotos.shrunkBy(SyntheticPhotos.photo(21, 1600, 1200), 10);

    @Test
    void aPlainThumbnailIsReadByTheJdkReaderToTheSamePixelsAsByTheFirstReader() throws IOException {
        BufferedImage grey = new BufferedImage(scene.getWidth(), scene.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(scene, 0, 0, null);
        for (byte[] thumbnail : java.util.List.of(TestImages.jpeg(scene, 0.8f), TestImages.jpeg(grey, 0.8f))) {
            ImageReader reader = ThumbnailReaders.readerFor(thumbnail);

            assertThat(reader.getOriginatingProvider().getClass().getName()).startsWith("com.sun.imageio");
            BufferedImage byJdk = read(reader, thumbnail);
            BufferedImage byFirst = read(ThumbnailReaders.firstReader(), thumbnail);
            assertThat(byFirst.getWidth()).isEqualTo(byJdk.getWidth());
            for (int y = 0; y < byJdk.getHeight(); y++) {
                for (int x = 0; x < byJdk.getWidth(); x++) {
                    assertThat(byJdk.getRGB(x, y)).as("(%d, %d)", x, y).isEqualTo(byFirst.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void aThumbnailWithAnIccProfileOrAnAdobeMarkerIsLeftToTheFirstReader() {
        byte[] thumbnail = TestImages.jpeg(scene, 0.8f);

        assertThat(ThumbnailReaders.plain(thumbnail)).isTrue();
        byte[] icc = withSegment(thumbnail, 0xE2, "ICC_PROFILE\0\1\1");
        assertThat(ThumbnailReaders.plain(icc)).isFalse();
        assertThat(ThumbnailReaders.readerFor(icc).getClass().getName()).startsWith("com.twelvemonkeys");
        assertThat(ThumbnailReaders.plain(withSegment(thumbnail, 0xEE, "Adobe\0\144\0\0\0\0\1"))).isFalse();
        assertThat(ThumbnailReaders.plain(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0, 0})).isFalse();
        assertThat(ThumbnailReaders.plain(java.util.Arrays.copyOf(thumbnail, 20))).isFalse();
    }

    @Test
    void aFourComponentThumbnailIsLeftToTheFirstReaderEvenWithoutItsAdobeMarker() throws IOException {
        // ImageMagick writes CMYK as YCCK with an Adobe marker; without it the JDK's reader would still read the
        // file, into CMYK samples TwelveMonkeys converts otherwise.
        ImageTools.requireImageMagickAndExiftool();
        Path scenePng = dir.resolve("scene.png");
        TestImages.writeImage(scene, "png", scenePng);
        byte[] cmyk = Files.readAllBytes(ImageTools.convert(scenePng, dir.resolve("cmyk.jpg"), "-colorspace", "CMYK"));
        byte[] bare = withoutSegments(cmyk, 0xEE);

        assertThat(ThumbnailReaders.plain(cmyk)).isFalse();
        assertThat(ThumbnailReaders.plain(bare)).isFalse();
        assertThat(ThumbnailReaders.readerFor(bare).getClass().getName()).startsWith("com.twelvemonkeys");
    }

    private static BufferedImage read(ImageReader reader, byte[] jpeg) throws IOException {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(input, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    /** {@code jpeg} with an APPn segment of {@code marker} holding {@code text} right after its SOI. */
    private static byte[] withSegment(byte[] jpeg, int marker, String text) {
        byte[] payload = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** {@code jpeg} without its segments of {@code marker} before the first scan. */
    private static byte[] withoutSegments(byte[] jpeg, int marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int at = 2;
        while ((jpeg[at + 1] & 0xFF) != 0xDA) {
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            if ((jpeg[at + 1] & 0xFF) != marker) {
                out.write(jpeg, at, 2 + length);
            }
            at += 2 + length;
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
