package org.photoorganizer.dedupe.similar;

/**
 * The 64-bit DCT perceptual hash: a 32x32 greyscale image, its 2-D DCT-II, the 63 AC coefficients of the
 * lowest 8x8 frequencies, each bit set when its coefficient lies above their median.
 *
 * <p>The DC term is left out because it only carries overall brightness, which exposure tweaks and
 * re-compression shift; its bit (bit 0) is always clear, so distances range 0..63. Coefficients use the
 * orthonormal DCT scaling so that first-row and first-column terms compare fairly with the rest.
 */
public final class PerceptualHash {

    /**
     * Bumped whenever a change would alter the hash of any image; the index never compares across versions (a
     * library's hashes of another version are computed again at start). 2: large sequential JPEGs are hashed
     * from their 8x8 block means (DC coefficients) instead of a subsampled decode.
     */
    public static final int ALGORITHM_VERSION = 2;

    /**
     * Largest Hamming distance at which two images count as the same picture, measured in
     * docs/similar-threshold.md: resized (1/4) and re-compressed (q 0.7) copies were at most 4 apart and the
     * closest unrelated pair 10, so 6 leaves a margin on both sides. Every hash has exactly 31 bits set, so
     * distances are even and 7 would behave like 6. Burst frames straddle it (see the document).
     */
    public static final int DEFAULT_SIMILAR_THRESHOLD = 6;

    /** Side of the greyscale square the hash is computed from. */
    public static final int INPUT_SIZE = 32;

    private static final int FREQUENCIES = 8;
    // Orthonormal DCT-II basis for the lowest frequencies only; never written after class init.
    private static final double[][] BASIS = dctBasis();

    private PerceptualHash() {
    }

    /** Hash of a row-major {@value #INPUT_SIZE}x{@value #INPUT_SIZE} greyscale matrix. */
    public static long of(float[] grey) {
        if (grey.length != INPUT_SIZE * INPUT_SIZE) {
            throw new IllegalArgumentException("expected " + INPUT_SIZE * INPUT_SIZE + " values, got " + grey.length);
        }
        double[] coefficients = lowFrequencyDct(grey);
        double[] ac = new double[FREQUENCIES * FREQUENCIES - 1];
        System.arraycopy(coefficients, 1, ac, 0, ac.length);
        double[] sorted = ac.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        long hash = 0;
        for (int i = 0; i < ac.length; i++) {
            if (ac[i] > median) {
                hash |= 1L << (i + 1);
            }
        }
        return hash;
    }

    /**
     * Standard deviation of the 32x32 grey square below which a picture counts as flat (near single-colour):
     * its AC coefficients are then so small that compression noise decides their order, and a uniform
     * square hashes to 0 whatever its colour. Chosen from the measurement in docs/similar-threshold.md.
     */
    public static final double FLAT_STDDEV = 8.0;

    /** True when the picture is too flat for its hash to tell it from other flat pictures. */
    public static boolean isFlat(float[] grey) {
        return stddev(grey) < FLAT_STDDEV;
    }

    /** Standard deviation of the grey levels (0..255) of a square. */
    public static double stddev(float[] grey) {
        double sum = 0;
        double squares = 0;
        for (float value : grey) {
            sum += value;
            squares += (double) value * value;
        }
        double mean = sum / grey.length;
        return Math.sqrt(Math.max(0, squares / grey.length - mean * mean));
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Coefficients (v,u) for u,v in 0..7, row-major, index 0 being DC. */
    private static double[] lowFrequencyDct(float[] grey) {
        int n = INPUT_SIZE;
        double[][] rows = new double[n][FREQUENCIES];
        for (int y = 0; y < n; y++) {
            for (int u = 0; u < FREQUENCIES; u++) {
                double sum = 0;
                for (int x = 0; x < n; x++) {
                    sum += grey[y * n + x] * BASIS[u][x];
                }
                rows[y][u] = sum;
            }
        }
        double[] out = new double[FREQUENCIES * FREQUENCIES];
        for (int v = 0; v < FREQUENCIES; v++) {
            for (int u = 0; u < FREQUENCIES; u++) {
                double sum = 0;
                for (int y = 0; y < n; y++) {
                    sum += rows[y][u] * BASIS[v][y];
                }
                out[v * FREQUENCIES + u] = sum;
            }
        }
        return out;
    }

    private static double[][] dctBasis() {
        int n = INPUT_SIZE;
        double[][] basis = new double[FREQUENCIES][n];
        for (int k = 0; k < FREQUENCIES; k++) {
            double scale = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
            for (int x = 0; x < n; x++) {
                basis[k][x] = scale * Math.cos(Math.PI * (2 * x + 1) * k / (2.0 * n));
            }
        }
        return basis;
    }
}
