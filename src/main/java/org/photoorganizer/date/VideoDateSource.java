package org.photoorganizer.date;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.photoorganizer.media.MediaKind;

/**
 * Video dates: Apple {@code com.apple.quicktime.creationdate}, then {@code ©day}, then the
 * {@code mvhd} creation time.
 *
 * <p>The text tags carry the camera's own offset, so their wall time is used as written. mvhd is UTC
 * and is shown in the NAS's zone. A text tag ending in {@code Z} is treated like mvhd: encoders that
 * write {@code Z} copy mvhd's UTC value, and its wall time is not the camera's.
 */
final class VideoDateSource implements DateSource {

    /** QuickTime counts seconds from 1904-01-01T00:00:00Z; this is 1970-01-01 in that count. */
    static final long SECONDS_1904_TO_1970 = 2_082_844_800L;

    private final ZoneId nasZone;

    VideoDateSource(ZoneId nasZone) {
        this.nasZone = Objects.requireNonNull(nasZone, "nasZone");
    }

    @Override
    public List<CaptureDate> candidates(InspectedFile file) {
        if (file.kind() != MediaKind.VIDEO) {
            return List.of();
        }
        Optional<Mp4DateReader.Mp4Dates> read = file.videoDates();
        if (read.isEmpty()) {
            return List.of();
        }
        Mp4DateReader.Mp4Dates dates = read.get();
        List<CaptureDate> found = new ArrayList<>();
        Stream.concat(dates.appleCreationDate().stream(), dates.dayTexts().stream())
                .map(IsoDateText::parse)
                .flatMap(Optional::stream)
                .map(this::fromText)
                .forEach(found::add);
        fromMvhd(dates.mvhdCreationTime()).ifPresent(found::add);
        return found;
    }

    private CaptureDate fromText(IsoDateText.Parsed parsed) {
        if (parsed.utcDesignator()) {
            Instant instant = parsed.dateTime().toInstant(ZoneOffset.UTC);
            return new CaptureDate(LocalDateTime.ofInstant(instant, nasZone), parsed.subsecond(),
                    Optional.of(nasZone.getRules().getOffset(instant)), CaptureDate.Source.VIDEO_METADATA);
        }
        return new CaptureDate(parsed.dateTime(), parsed.subsecond(), parsed.offset(),
                CaptureDate.Source.VIDEO_METADATA);
    }

    private Optional<CaptureDate> fromMvhd(OptionalLong secondsSince1904) {
        if (secondsSince1904.isEmpty()) {
            return Optional.empty();
        }
        long raw = secondsSince1904.getAsLong();
        // 0 (1904) and the 1970 epoch are what encoders write when they had no clock.
        if (raw == 0 || raw == SECONDS_1904_TO_1970) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.ofEpochSecond(Math.subtractExact(raw, SECONDS_1904_TO_1970));
            return Optional.of(new CaptureDate(LocalDateTime.ofInstant(instant, nasZone), OptionalInt.empty(),
                    Optional.of(nasZone.getRules().getOffset(instant)), CaptureDate.Source.VIDEO_MVHD));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
