package org.photoorganizer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

    /** What the logs printed before: the original's format. */
    private static String formatted(long bytes) {
        double value = bytes;
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }

    @Test
    void printsTwoDecimalsInTheLargestUnitReached() {
        assertThat(ByteSize.format(0)).isEqualTo("0.00 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023.00 B");
        assertThat(ByteSize.format(1024)).isEqualTo("1.00 KB");
        assertThat(ByteSize.format(3_701_234)).isEqualTo("3.53 MB");
        assertThat(ByteSize.format(1536L << 30)).isEqualTo("1.50 TB");
    }

    @Test
    void roundsHalvesUpAsStringFormatDoes() {
        // 0.125 KB and 0.375 MB steps sit exactly on a half of the second decimal.
        assertThat(ByteSize.format(1024 + 128 + 5)).isEqualTo(formatted(1024 + 128 + 5));
        assertThat(ByteSize.format(1157)).isEqualTo("1.13 KB");
        assertThat(ByteSize.format((1L << 20) * 3 + (1L << 17) * 3)).isEqualTo("3.38 MB");
        assertThat(ByteSize.format(1023 * 1024 + 1019)).isEqualTo(formatted(1023 * 1024 + 1019));
    }

    @Test
    void agreesWithStringFormatOverEdgesAndRandomCounts() {
        long[] edges = {-1, -1024, -1_500_000, 1, 5, 999, 1_048_575, 1_048_576, 1_073_741_823, 1_073_741_824,
            (1L << 40) - 1, 1L << 40, (1L << 50) - 1, 1L << 50, (1L << 50) + 12_345, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long bytes : edges) {
            assertThat(ByteSize.format(bytes)).as("%d bytes", bytes).isEqualTo(formatted(bytes));
        }
        SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < 200_000; i++) {
            long bytes = random.nextLong(1L << random.nextInt(1, 52));
            assertThat(ByteSize.format(bytes)).as("%d bytes", bytes).isEqualTo(formatted(bytes));
        }
    }
}
