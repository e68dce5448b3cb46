package org.photoorganizer.date;

import java.util.OptionalInt;

/** Converts the various ways a fraction of a second is written into CaptureDate's ten-thousandths. */
final class Subseconds {

    private Subseconds() {}

    /**
     * EXIF SubSecTime style: the digits after the decimal point ({@code "35"} = 0.35 s = 3500).
     * Extra digits are cut, not rounded, so 0.99999 never becomes a whole second.
     */
    static OptionalInt fromFractionDigits(String digits) {
        if (digits == null) {
            return OptionalInt.empty();
        }
        String d = digits.strip();
        if (d.isEmpty() || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        String four = (d + "0000").substring(0, 4);
        return OptionalInt.of(Integer.parseInt(four));
    }

    static OptionalInt fromNanos(int nanos) {
        return OptionalInt.of(nanos / 100_000);
    }
}
