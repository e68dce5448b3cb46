package org.photoorganizer.date;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The window a capture date must fall in: after 1970-01-01T00:00 and at most one day after now.
 *
 * <p>Earlier dates are unset camera clocks or zero fields; later ones are wrong clocks. A day of slack
 * covers cameras set to a zone ahead of the NAS's. Exactly 1970-01-01T00:00:00 is rejected too: it is
 * the zero value of Unix time, never a real capture.
 */
final class PlausibleDates {

    static final LocalDateTime EARLIEST_EXCLUSIVE = LocalDateTime.of(1970, 1, 1, 0, 0, 0);

    private final Clock clock;

    PlausibleDates(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    boolean accepts(CaptureDate date) {
        LocalDateTime dateTime = date.dateTime();
        LocalDateTime latest = LocalDateTime.now(clock).plusDays(1);
        return dateTime.isAfter(EARLIEST_EXCLUSIVE) && !dateTime.isAfter(latest);
    }
}
