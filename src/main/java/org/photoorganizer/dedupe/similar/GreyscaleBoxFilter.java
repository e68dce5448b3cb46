package org.photoorganizer.dedupe.similar;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Shrinks an image of any size to a small greyscale square by exact area averaging.
 *
 * <p>Area averaging (rather than nearest or bilinear sampling) is what makes a 160x120 EXIF thumbnail and a
 * subsampled full decode of the same photo land on nearly the same square: every output cell is the mean
 * of the same region of the picture, whatever the source resolution. Works row by row, so it needs no copy
 * of the source.
 */
final class GreyscaleBoxFilter {

    private GreyscaleBoxFilter() {
    }

    /** Row-major {@code size x size} luma values in 0..255. Transparent pixels are composed over white. */
    static float[] shrink(BufferedImage image, int size) {
        int width = image.getWidth();
        int height = image.getHeight();
        Weights columns = Weights.of(width, size);
        Weights rows = Weights.of(height, size);
        double[] accumulated = new double[size * size];
        float[] luma = new float[width];
        double[] rowBins = new double[size];
        int[] argb = new int[width];
        boolean grey = isPlainGrey(image);
        for (int y = 0; y < height; y++) {
            readLumaRow(image, y, grey, argb, luma);
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
        }
        double cellArea = ((double) width / size) * ((double) height / size);
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (accumulated[i] / cellArea);
        }
        return out;
    }

    // Java treats grey colour spaces as linear, so getRGB would brighten them; read the samples instead.
    private static boolean isPlainGrey(BufferedImage image) {
        return !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !image.getColorModel().hasAlpha();
    }

    private static void readLumaRow(BufferedImage image, int y, boolean grey, int[] argb, float[] luma) {
        int width = image.getWidth();
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

    /** For each source index, the output cells it overlaps and by how much (in source pixel units). */
    private record Weights(int[] start, int[] target, double[] weight) {
        static Weights of(int sourceLength, int size) {
            double scale = (double) sourceLength / size;
            int[] start = new int[sourceLength + 1];
            int[] target = new int[sourceLength + size + 1];
            double[] weight = new double[sourceLength + size + 1];
            int entries = 0;
            for (int s = 0; s < sourceLength; s++) {
                start[s] = entries;
                int first = (int) Math.floor(s / scale);
                int last = Math.min(size - 1, (int) Math.ceil((s + 1) / scale) - 1);
                for (int cell = first; cell <= last; cell++) {
                    double overlap = Math.min(s + 1, (cell + 1) * scale) - Math.max(s, cell * scale);
                    if (overlap > 0) {
                        target[entries] = cell;
                        weight[entries] = overlap;
                        entries++;
                    }
                }
            }
            start[sourceLength] = entries;
            return new Weights(start, target, weight);
        }
    }
}
