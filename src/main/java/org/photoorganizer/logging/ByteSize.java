package org.photoorganizer.logging;

import java.util.Locale;

/** Human-readable byte counts as the original printed them: two decimals, base 1024, B to TB. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ByteSize() {}

    public static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
    }
}
