package org.photoorganizer.dedupe.similar;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Which ImageIO reader decodes an EXIF thumbnail. The JDK's own JPEG reader when the thumbnail is a plain one
 * (8-bit, grey or three components, huffman-coded, no ICC profile, no Adobe marker): TwelveMonkeys, first in the
 * registry, hands such a JPEG to that same reader for the same pixels, but around it parses the segments again and
 * builds tables of its own (0.21 against 0.12 ms a thumbnail, and its first few hundred run interpreted). Anything
 * else goes to the registry's first reader, as every other decode does: TwelveMonkeys reads other colours from ICC
 * profiles, Adobe markers and four components than the JDK's reader does.
 */
final class ThumbnailReaders {
    private static final String JDK_JPEG_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi";

    private ThumbnailReaders() {}

    /** The reader for the thumbnail {@code jpeg}. */
    static ImageReader readerFor(byte[] jpeg) {
        ImageReaderSpi jdk = JdkReader.SPI;
        if (jdk != null && plain(jpeg)) {
            try {
                return jdk.createReaderInstance();
            } catch (java.io.IOException | RuntimeException e) {
                // The registry's first reader below.
            }
        }
        return firstReader();
    }

    /** The registry's first JPEG reader (TwelveMonkeys in this package). */
    static ImageReader firstReader() {
        return ImageIO.getImageReadersByFormatName("jpeg").next();
    }

    /**
     * True when the segments before the first scan hold a baseline, extended or progressive 8-bit frame of one or
     * three components, and neither an ICC profile (APP2) nor an Adobe marker (APP14).
     */
    static boolean plain(byte[] jpeg) {
        boolean frame = false;
        int at = 2;
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xDA) {
                return frame;
            }
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            if (length < 2 || marker == 0xE2 || marker == 0xEE) {
                return false;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (frame || marker > 0xC2 || at + 10 > jpeg.length) {
                    return false;
                }
                int components = jpeg[at + 9] & 0xFF;
                frame = (jpeg[at + 4] & 0xFF) == 8 && (components == 1 || components == 3);
                if (!frame) {
                    return false;
                }
            }
            at += 2 + length;
        }
        return false;
    }

    /** Looked up once, on first use: the registry is built by then anyway. */
    private static final class JdkReader {
        static final ImageReaderSpi SPI = find();

        private static ImageReaderSpi find() {
            Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance()
                    .getServiceProviders(ImageReaderSpi.class, true);
            while (spis.hasNext()) {
                ImageReaderSpi spi = spis.next();
                if (spi.getClass().getName().equals(JDK_JPEG_READER)) {
                    return spi;
                }
            }
            return null;
        }
    }
}
