package org.photoorganizer.date;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a capture date from the file's metadata, then its name, then its file times (SPEC "Capture
 * date"), taking the first candidate that is plausible.
 *
 * <p>The clock's zone is the NAS's zone: UTC-only sources (mvhd, file times) are shown in it, and its
 * "now" bounds future dates. Every read goes through {@link FileOps}. Thread-safe: all per-file state lives
 * in one {@link InspectedFile}.
 *
 * <p>Bad content never throws: it only makes a source yield nothing. A read that fails (the file system
 * reports an error) throws {@link java.io.UncheckedIOException}: a date guessed from the next sources could
 * be wrong, and a photo filed under a wrong date is lost in its library; the caller leaves it in place.
 */
public final class MetadataCaptureDateExtractor implements CaptureDateExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataCaptureDateExtractor.class);

    private final List<DateSource> strongestFirst;
    private final PlausibleDates plausible;
    private final FileOps files;
    private final ImageMetadataParser imageParser = new ImageMetadataParser();
    private final Mp4DateReader videoReader = new Mp4DateReader();

    public MetadataCaptureDateExtractor(Clock clock, FileOps files) {
        Objects.requireNonNull(clock, "clock");
        this.files = Objects.requireNonNull(files, "files");
        this.strongestFirst = List.of(
                new ExifDateSource(),
                new XmpDateSource(),
                new VideoDateSource(clock.getZone()),
                new FileNameDateSource(),
                new FileTimeDateSource(clock.getZone()));
        this.plausible = new PlausibleDates(clock);
    }

    @Override
    public Optional<CaptureDate> extract(Path file, MediaKind kind) {
        InspectedFile inspected = new InspectedFile(file, kind, files, imageParser, videoReader);
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
    // A failed read is no parser bug: it leaves, so that no weaker source dates the file instead.
    private static List<CaptureDate> candidatesOf(DateSource source, InspectedFile file) {
        try {
            return source.candidates(file);
        } catch (InspectedFile.UnreadableFileException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Date source {} failed on {}: {}", source.getClass().getSimpleName(), file.path(), e.toString());
            return List.of();
        }
    }
}
