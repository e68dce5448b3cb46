package org.photoorganizer.dedupe.similar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes with source subsampling so the raster handed back stays small whatever the image size: the
 * longer side lands between {@code targetSide} and twice that. Readers that report a warning (the JPEG
 * reader's answer to a truncated file is a warning and grey filler) count as failures.
 */
final class SubsampledDecoder {

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
            if (!warnings.isEmpty()) {
                throw new IIOException("decoder warning: " + warnings.get(0));
            }
            return image;
        } finally {
            reader.removeIIOReadWarningListener(listener);
        }
    }
}
