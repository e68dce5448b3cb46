package org.photoorganizer.logging;

import java.util.Locale;

/** Human-readable byte counts as the original printed them: two decimals, base 1024, B to TB. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};
    /** Up to here a count times 100 fits in a long, and its quotient by 1024^n is exact in a double. */
    private static final long EXACT_BELOW = 1L << 50;

    private ByteSize() {}

    /**
     * The count in the largest unit it reaches, rounded half up to two decimals: {@code "%.2f %s"}. Written out
     * in integers, since the count divided by a power of two is exact (so is its rounding); String.format took
     * a tenth of the filing thread's time (it looks up the locale's decimal symbols on every call). Counts past
     * a petabyte go through String.format.
     */
    public static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        long magnitude = Math.abs(bytes);
        if (bytes == Long.MIN_VALUE || magnitude >= EXACT_BELOW) {
            return String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
        }
        long divisor = 1L << (10 * unit);
        long hundredths = (magnitude * 100 + divisor / 2) / divisor;
        long fraction = hundredths % 100;
        return (bytes < 0 && hundredths > 0 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction
                + " " + UNITS[unit];
    }
}
