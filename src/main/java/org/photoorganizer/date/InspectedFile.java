package org.photoorganizer.date;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file being dated during one {@code extract} call. Parses image metadata at most once, and only
 * when a source asks for it, because EXIF and XMP live in the same parse.
 */
final class InspectedFile {

    private static final Logger LOG = LoggerFactory.getLogger(InspectedFile.class);

    private final Path path;
    private final MediaKind kind;
    private Optional<Metadata> imageMetadata;

    InspectedFile(Path path, MediaKind kind) {
        this.path = Objects.requireNonNull(path, "path");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    Path path() {
        return path;
    }

    MediaKind kind() {
        return kind;
    }

    /** metadata-extractor's view of an image; empty for videos and for anything it cannot parse. */
    Optional<Metadata> imageMetadata() {
        if (imageMetadata == null) {
            imageMetadata = kind == MediaKind.IMAGE ? readImageMetadata() : Optional.empty();
        }
        return imageMetadata;
    }

    private Optional<Metadata> readImageMetadata() {
        try {
            // Streams JPEG segments up to SOS and seeks in TIFF-based raws: pixel data is not read.
            return Optional.of(ImageMetadataReader.readMetadata(path.toFile()));
        } catch (Exception | StackOverflowError e) {
            // Corrupt or unsupported content is ordinary input here; the next source decides.
            LOG.debug("No image metadata in {}: {}", path, e.toString());
            return Optional.empty();
        }
    }
}
