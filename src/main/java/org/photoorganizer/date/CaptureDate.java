package org.photoorganizer.date;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * When a photo or video was taken, as the wall clock of the camera showed it.
 *
 * <p>{@code dateTime} is local time as written by the camera (names are built from it, never shifted by
 * the offset). {@code subsecond} is the fraction of the second in ten-thousandths (0..9999) when the
 * source knows it; it only serves to name copies in {@code Duplicates/}.
 */
public record CaptureDate(LocalDateTime dateTime, OptionalInt subsecond, Optional<ZoneOffset> offset, Source source) {

    /** Where a date came from, strongest first; the order is the order of {@code ../shared/SPEC.md}. */
    public enum Source {
        EXIF_ORIGINAL,
        EXIF_DIGITIZED,
        EXIF_DATETIME,
        XMP,
        VIDEO_METADATA,
        VIDEO_MVHD,
        FILE_NAME,
        FILE_TIME
    }

    public CaptureDate {
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(subsecond, "subsecond");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(source, "source");
        if (subsecond.isPresent() && (subsecond.getAsInt() < 0 || subsecond.getAsInt() > 9999)) {
            throw new IllegalArgumentException("subsecond must be 0..9999 ten-thousandths: " + subsecond);
        }
        dateTime = dateTime.withNano(0);
    }

    public static CaptureDate of(LocalDateTime dateTime, Source source) {
        return new CaptureDate(dateTime, OptionalInt.empty(), Optional.empty(), source);
    }
}
