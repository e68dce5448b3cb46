package org.photoorganizer.dedupe.similar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes with source subsampling so the raster handed back stays small whatever the image size: the
 * longer side lands between {@code targetSide} and twice that. A warning that the data is corrupt or cut
 * short (the JPEG reader's answer to a damaged file is a warning and grey filler) fails the decode with
 * {@link DamagedData}; warnings about colour profiles and stray bytes between segments do not, since the
 * picture itself is whole.
 */
final class SubsampledDecoder {

    /** The decoder said the picture's data is damaged or incomplete. */
    static final class DamagedData extends IIOException {
        DamagedData(String message) {
            super(message);
        }
    }

    private static final List<String> DAMAGE_WARNINGS = List.of("corrupt", "truncated", "premature end",
            "missing eoi", "bogus", "huffman", "data error");
    // libjpeg says "Corrupt JPEG data: N extraneous bytes before marker 0xd9" of padding between segments; a
    // broken or truncated colour profile is ignored by the decoder and leaves the picture whole.
    private static final List<String> HARMLESS = List.of("extraneous bytes before marker", "icc", "profile",
            "color", "colour");

    private final int targetSide;

    SubsampledDecoder(int targetSide) {
        this.targetSide = targetSide;
    }

    int subsamplingFor(int width, int height) {
        return Math.max(1, Math.max(width, height) / targetSide);
    }

    /** The reader must already have its input; it is not disposed here. */
    BufferedImage decode(ImageReader reader, int width, int height) throws IOException {
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsamplingFor(width, height);
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            for (String warning : warnings) {
                if (isDamage(warning)) {
                    throw new DamagedData(warning);
                }
            }
            return image;
        } finally {
            reader.removeIIOReadWarningListener(listener);
        }
    }

    static boolean isDamage(String warning) {
        String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return HARMLESS.stream().noneMatch(lower::contains) && DAMAGE_WARNINGS.stream().anyMatch(lower::contains);
    }
}
