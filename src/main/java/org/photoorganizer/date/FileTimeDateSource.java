package org.photoorganizer.date;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last resort: the older of the file's creation and modification times, in the NAS's zone.
 *
 * <p>Copies and downloads often reset one of the two, and the older one is the closer to the moment
 * of capture. The newer one is offered second, for when the older is nonsense (e.g. the Unix epoch
 * that some copy tools write). The fraction of a second is kept: it names copies in Duplicates/.
 */
final class FileTimeDateSource implements DateSource {

    private final ZoneId nasZone;

    FileTimeDateSource(ZoneId nasZone) {
        this.nasZone = Objects.requireNonNull(nasZone, "nasZone");
    }

    @Override
    public List<CaptureDate> candidates(InspectedFile file) {
        return file.attributes().map(this::fromAttributes).orElse(List.of());
    }

    List<CaptureDate> fromAttributes(BasicFileAttributes attributes) {
        List<CaptureDate> found = new ArrayList<>();
        Stream.of(attributes.creationTime(), attributes.lastModifiedTime())
                .filter(Objects::nonNull)
                .map(FileTime::toInstant)
                // A zero time is a file system's "unknown", not a moment in 1970.
                .filter(instant -> instant.isAfter(Instant.EPOCH))
                .sorted()
                .distinct()
                .map(this::toCaptureDate)
                .forEach(found::add);
        return found;
    }

    private CaptureDate toCaptureDate(Instant instant) {
        return new CaptureDate(LocalDateTime.ofInstant(instant, nasZone), Subseconds.fromNanos(instant.getNano()),
                Optional.of(nasZone.getRules().getOffset(instant)), CaptureDate.Source.FILE_TIME);
    }
}
