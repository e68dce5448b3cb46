package org.photoorganizer.date;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses EXIF date-time text ({@code yyyy:MM:dd HH:mm:ss}).
 *
 * <p>Lenient about what firmware really writes (dashes or slashes in the date, a trailing fraction or
 * NULs), strict about the values: {@code 0000:00:00 00:00:00} and blank placeholders are no date.
 */
final class ExifDateText {

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\s*(\\d{4})[:\\-/.](\\d{2})[:\\-/.](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?");

    /** A parsed date-time and, when the text itself carried one, its fraction digits. */
    record Parsed(LocalDateTime dateTime, Optional<String> fractionDigits) {}

    private ExifDateText() {}

    static Optional<Parsed> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = DATE_TIME.matcher(text);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        try {
            LocalDateTime dateTime = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
            return Optional.of(new Parsed(dateTime, Optional.ofNullable(m.group(7))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
