package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GreyscaleBoxFilterTest {

    @Test
    void averagesWholeBlocksExactly() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(32, 0, 32, 64);
        g.dispose();
        float[] grey = GreyscaleBoxFilter.shrink(image, 32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(grey[y * 32 + x]).isCloseTo(x < 16 ? 0f : 255f, within(0.01f));
            }
        }
    }

    @Test
    void keepsTheMeanForSizesThatDoNotDivide() {
        for (int[] size : new int[][] {{100, 70}, {37, 45}, {20, 13}}) {
            BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            Random random = new Random(size[0]);
            double sum = 0;
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    int v = random.nextInt(256);
                    image.setRGB(x, y, v * 0x010101);
                    sum += v;
                }
            }
            double mean = 0;
            for (float value : GreyscaleBoxFilter.shrink(image, 32)) {
                mean += value;
            }
            assertThat(mean / (32 * 32)).isCloseTo(sum / (size[0] * size[1]), within(0.01));
        }
    }

    @Test
    void greyImagesAreReadWithoutGammaConversion() {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                image.getRaster().setSample(x, y, 0, 100);
            }
        }
        assertThat(GreyscaleBoxFilter.shrink(image, 32)[0]).isCloseTo(100f, within(0.01f));
    }

    @Test
    void readingTheBytesOfDecodedImagesGivesTheValuesOfTheGeneralWayToTheLastBit() {
        BufferedImage decoded = new BufferedImage(101, 67, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage grey = new BufferedImage(101, 67, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(7);
        for (int y = 0; y < 67; y++) {
            for (int x = 0; x < 101; x++) {
                decoded.setRGB(x, y, random.nextInt(1 << 24));
                grey.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        for (BufferedImage image : new BufferedImage[] {decoded, decoded.getSubimage(13, 7, 60, 50)}) {
            BufferedImage general = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            general.getGraphics().drawImage(image, 0, 0, null);
            assertThat(GreyscaleBoxFilter.shrink(image, 32)).containsExactly(GreyscaleBoxFilter.shrink(general, 32));
        }
        // The general way for grey: the samples of a raster the fast way does not take (16-bit).
        BufferedImage wide = new BufferedImage(101, 67, BufferedImage.TYPE_USHORT_GRAY);
        float[] expected = new float[32 * 32];
        for (int y = 0; y < 67; y++) {
            for (int x = 0; x < 101; x++) {
                wide.getRaster().setSample(x, y, 0, grey.getRaster().getSample(x, y, 0) * 257);
            }
        }
        float[] fromWide = GreyscaleBoxFilter.shrink(wide, 32);
        float[] fromBytes = GreyscaleBoxFilter.shrink(grey, 32);
        for (int i = 0; i < expected.length; i++) {
            assertThat(fromBytes[i]).isCloseTo(fromWide[i], within(0.001f));
        }
    }

    @Test
    void transparentPixelsCountAsWhite() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        assertThat(GreyscaleBoxFilter.shrink(image, 32)[5]).isCloseTo(255f, within(0.01f));
    }

    @Test
    void orientationSixTurnsTheTopLeftToTheTopRight() {
        float[] stored = new float[32 * 32];
        stored[0] = 1;
        float[] shown = ExifOrientation.apply(stored, 32, 6);
        assertThat(shown[31]).isEqualTo(1f);
        assertThat(ExifOrientation.apply(stored, 32, 8)[31 * 32]).isEqualTo(1f);
        assertThat(ExifOrientation.apply(stored, 32, 3)[32 * 32 - 1]).isEqualTo(1f);
        assertThat(ExifOrientation.apply(stored, 32, 1)).isSameAs(stored);
    }
}
