package org.photoorganizer.date;

import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.Optional;

/** Parses UTC offsets as EXIF, XMP and QuickTime write them: {@code +02:00}, {@code +0200}, {@code +02}, {@code Z}. */
final class Offsets {

    private Offsets() {}

    static Optional<ZoneOffset> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneOffset.of(t));
        } catch (DateTimeException e) {
            // Blank placeholders such as "   :  " are common in camera firmware.
            return Optional.empty();
        }
    }
}
