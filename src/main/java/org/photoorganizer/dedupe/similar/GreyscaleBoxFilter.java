package org.photoorganizer.dedupe.similar;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Shrinks an image of any size to a small greyscale square by exact area averaging.
 *
 * <p>Area averaging (rather than nearest or bilinear sampling) is what makes a 160x120 EXIF thumbnail and a
 * subsampled full decode of the same photo land on nearly the same square: every output cell is the mean
 * of the same region of the picture, whatever the source resolution. Works row by row ({@link Rows}), so it
 * needs no copy of the source.
 */
final class GreyscaleBoxFilter {

    private GreyscaleBoxFilter() {
    }

    /** Row-major {@code size x size} luma values in 0..255. Transparent pixels are composed over white. */
    static float[] shrink(BufferedImage image, int size) {
        int width = image.getWidth();
        int height = image.getHeight();
        Rows rows = new Rows(width, height, size);
        float[] luma = new float[width];
        int[] argb = new int[width];
        boolean grey = isPlainGrey(image);
        for (int y = 0; y < height; y++) {
            readLumaRow(image, y, grey, argb, luma);
            rows.add(luma);
        }
        return rows.square();
    }

    /**
     * The same area average fed one row of luma values at a time, top to bottom: the JPEG decoder of DC
     * coefficients ({@link JpegDcDecoder}) hands its rows of 8x8 block means over as it decodes them.
     */
    static final class Rows {
        private final int width;
        private final int height;
        private final int size;
        private final Weights columns;
        private final Weights rows;
        private final double[] accumulated;
        private final double[] rowBins;
        private final double cellArea;
        private int y;

        /** Rows of {@code width} pixels. */
        Rows(int width, int height, int size) {
            this(width, height, 1, 1, width, height, size);
        }

        /**
         * Rows of {@code width} samples, each the mean of {@code spanX x spanY} pixels of a picture of {@code
         * pixelWidth x pixelHeight} (the last column and row cut by its edges).
         */
        Rows(int width, int height, double spanX, double spanY, int pixelWidth, int pixelHeight, int size) {
            if (width * spanX < pixelWidth || height * spanY < pixelHeight) {
                throw new IllegalArgumentException("the samples do not cover the picture");
            }
            this.width = width;
            this.height = height;
            this.size = size;
            this.columns = Weights.of(width, spanX, pixelWidth, size);
            this.rows = Weights.of(height, spanY, pixelHeight, size);
            this.accumulated = new double[size * size];
            this.rowBins = new double[size];
            this.cellArea = ((double) pixelWidth / size) * ((double) pixelHeight / size);
        }

        /** The next row (its first {@code width} values); rows beyond {@code height} are ignored. */
        void add(float[] luma) {
            if (y >= height) {
                return;
            }
            java.util.Arrays.fill(rowBins, 0);
            for (int x = 0; x < width; x++) {
                for (int e = columns.start[x]; e < columns.start[x + 1]; e++) {
                    rowBins[columns.target[e]] += luma[x] * columns.weight[e];
                }
            }
            for (int e = rows.start[y]; e < rows.start[y + 1]; e++) {
                int base = rows.target[e] * size;
                double w = rows.weight[e];
                for (int i = 0; i < size; i++) {
                    accumulated[base + i] += rowBins[i] * w;
                }
            }
            y++;
        }

        /** True once {@code height} rows were added. */
        boolean complete() {
            return y == height;
        }

        float[] square() {
            float[] out = new float[size * size];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (accumulated[i] / cellArea);
            }
            return out;
        }
    }

    /**
     * The rows of the images decoders hand back most (ImageIO's JPEG: 3 bytes B, G, R; 8-bit grey) read from
     * their bytes, with the same arithmetic as the general way below (same values to the last bit), several
     * times faster than getRGB through the colour model. False for any other layout.
     */
    private static boolean readBytes(BufferedImage image, int y, float[] luma) {
        int type = image.getType();
        if (type != BufferedImage.TYPE_3BYTE_BGR && type != BufferedImage.TYPE_BYTE_GRAY) {
            return false;
        }
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
            return false;
        }
        byte[] data = buffer.getData();
        int[] bands = model.getBandOffsets();
        int pixelStride = model.getPixelStride();
        int at = buffer.getOffset() + (y - raster.getSampleModelTranslateY()) * model.getScanlineStride()
                - raster.getSampleModelTranslateX() * pixelStride;
        int width = image.getWidth();
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
            for (int x = 0; x < width; x++) {
                luma[x] = (data[at + x * pixelStride + bands[0]] & 0xff) * 255f / 255f;
            }
            return true;
        }
        for (int x = 0; x < width; x++) {
            int pixel = at + x * pixelStride;
            int r = data[pixel + bands[0]] & 0xff;
            int g = data[pixel + bands[1]] & 0xff;
            int b = data[pixel + bands[2]] & 0xff;
            // As below with an opaque pixel: alpha 1 times the value, plus 0 times white.
            luma[x] = 1f * (0.299f * r + 0.587f * g + 0.114f * b) + (1 - 1f) * 255f;
        }
        return true;
    }

    // Java treats grey colour spaces as linear, so getRGB would brighten them; read the samples instead.
    private static boolean isPlainGrey(BufferedImage image) {
        return !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !image.getColorModel().hasAlpha();
    }

    private static void readLumaRow(BufferedImage image, int y, boolean grey, int[] argb, float[] luma) {
        int width = image.getWidth();
        if (readBytes(image, y, luma)) {
            return;
        }
        if (grey) {
            Raster raster = image.getRaster();
            float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int x = 0; x < width; x++) {
                luma[x] = raster.getSample(x, y, 0) * 255f / max;
            }
            return;
        }
        image.getRGB(0, y, width, 1, argb, 0, width);
        for (int x = 0; x < width; x++) {
            int p = argb[x];
            float alpha = (p >>> 24) / 255f;
            float value = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
            luma[x] = alpha * value + (1 - alpha) * 255f;
        }
    }

    /**
     * For each source index, the output cells it overlaps and by how much (in pixel units). Source {@code s}
     * covers pixels {@code [s * span, min((s + 1) * span, length))}: a pixel ({@code span} 1) or an 8x8 block
     * ({@code span} 8, the last one cut by the picture's edge).
     */
    private record Weights(int[] start, int[] target, double[] weight) {
        static Weights of(int sources, double span, double length, int size) {
            double scale = length / size;
            int[] start = new int[sources + 1];
            int[] target = new int[sources + size + 1];
            double[] weight = new double[sources + size + 1];
            int entries = 0;
            for (int s = 0; s < sources; s++) {
                start[s] = entries;
                double low = s * span;
                double high = Math.min((s + 1) * span, length);
                int first = (int) Math.floor(low / scale);
                int last = Math.min(size - 1, (int) Math.ceil(high / scale) - 1);
                for (int cell = first; cell <= last; cell++) {
                    double overlap = Math.min(high, (cell + 1) * scale) - Math.max(low, cell * scale);
                    if (overlap > 0) {
                        target[entries] = cell;
                        weight[entries] = overlap;
                        entries++;
                    }
                }
            }
            start[sources] = entries;
            return new Weights(start, target, weight);
        }
    }
}
