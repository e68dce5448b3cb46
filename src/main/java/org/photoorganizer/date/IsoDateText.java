package org.photoorganizer.date;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the ISO 8601 dates of XMP and QuickTime ({@code 2024-01-02T12:34:56.35+02:00},
 * {@code 2024-01-02T12:34:56+0200}, {@code 2024-01-02 12:34:56Z}, {@code 2024-01-02}).
 *
 * <p>A date without a time means midnight. A year or year-month alone is too vague to name a file by, so
 * it is no date.
 */
final class IsoDateText {

    private static final Pattern ISO = Pattern.compile(
            "\\s*(\\d{4})-(\\d{2})-(\\d{2})"
                    + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?\\s*");

    /**
     * @param utcDesignator the text ended in {@code Z}: the writer stored UTC rather than the local
     *     wall time (typical of encoders copying mvhd), as opposed to an explicit {@code +00:00}
     */
    record Parsed(LocalDateTime dateTime, OptionalInt subsecond, Optional<ZoneOffset> offset, boolean utcDesignator) {}

    private IsoDateText() {}

    static Optional<Parsed> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ISO.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime dateTime = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    intOrZero(m.group(4)), intOrZero(m.group(5)), intOrZero(m.group(6)));
            String offset = m.group(8);
            return Optional.of(new Parsed(
                    dateTime,
                    Subseconds.fromFractionDigits(m.group(7)),
                    Offsets.parse(offset),
                    "Z".equals(offset)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int intOrZero(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }
}
