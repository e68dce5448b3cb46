package org.photoorganizer.date;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a capture date from the file's metadata, then its name, then its file times (SPEC "Capture
 * date"), taking the first candidate that is plausible.
 *
 * <p>The clock's zone is the NAS's zone: UTC-only sources (mvhd, file times) are shown in it, and its
 * "now" bounds future dates. Thread-safe: all per-file state lives in one {@link InspectedFile}.
 */
public final class MetadataCaptureDateExtractor implements CaptureDateExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataCaptureDateExtractor.class);

    private final List<DateSource> strongestFirst;
    private final PlausibleDates plausible;

    public MetadataCaptureDateExtractor(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.strongestFirst = List.of(
                new ExifDateSource(),
                new XmpDateSource(),
                new VideoDateSource(clock.getZone(), new Mp4DateReader()),
                new FileNameDateSource(),
                new FileTimeDateSource(clock.getZone()));
        this.plausible = new PlausibleDates(clock);
    }

    @Override
    public Optional<CaptureDate> extract(Path file, MediaKind kind) {
        InspectedFile inspected = new InspectedFile(file, kind);
        for (DateSource source : strongestFirst) {
            for (CaptureDate candidate : candidatesOf(source, inspected)) {
                if (plausible.accepts(candidate)) {
                    return Optional.of(candidate);
                }
                LOG.debug("Rejected implausible {} date {} of {}", candidate.source(), candidate.dateTime(), file);
            }
        }
        return Optional.empty();
    }

    // Sources already turn bad content into "no candidates"; this keeps a parser bug from failing a file.
    private static List<CaptureDate> candidatesOf(DateSource source, InspectedFile file) {
        try {
            return source.candidates(file);
        } catch (RuntimeException e) {
            LOG.warn("Date source {} failed on {}: {}", source.getClass().getSimpleName(), file.path(), e.toString());
            return List.of();
        }
    }
}
