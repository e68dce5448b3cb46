package org.photoorganizer.date;

import com.drew.metadata.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import org.photoorganizer.fs.FaultRecordingChannel;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file being dated during one {@code extract} call. Reads each kind of metadata at most once, only
 * when a source asks for it, and always through {@link FileOps} (so tests inject read faults there).
 *
 * <p>Bad content is ordinary input: it gives "no metadata" and the next source decides. A read that fails
 * (the file system reports an error) is not: {@link UnreadableFileException} leaves the extractor, since
 * any date guessed after it, from the name or file times, could be wrong. A file that vanished has no
 * metadata; its name may still date it.
 */
final class InspectedFile {

    private static final Logger LOG = LoggerFactory.getLogger(InspectedFile.class);

    /** What reading one kind of metadata needs: the open channel; may throw anything on bad content. */
    interface Reading<T> {
        T read(FaultRecordingChannel channel) throws Exception;
    }

    private final Path path;
    private final MediaKind kind;
    private final FileOps files;
    private final ImageMetadataParser imageParser;
    private final Mp4DateReader videoReader;
    private Optional<Metadata> imageMetadata;
    private Optional<Mp4DateReader.Mp4Dates> videoDates;

    InspectedFile(Path path, MediaKind kind, FileOps files, ImageMetadataParser imageParser, Mp4DateReader videoReader) {
        this.path = Objects.requireNonNull(path, "path");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.files = Objects.requireNonNull(files, "files");
        this.imageParser = Objects.requireNonNull(imageParser, "imageParser");
        this.videoReader = Objects.requireNonNull(videoReader, "videoReader");
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
            imageMetadata = kind == MediaKind.IMAGE ? read("image metadata", imageParser::parse) : Optional.empty();
        }
        return imageMetadata;
    }

    /** The date fields of an MP4/MOV; empty for images and for anything that is no ISO media file. */
    Optional<Mp4DateReader.Mp4Dates> videoDates() {
        if (videoDates == null) {
            videoDates = kind == MediaKind.VIDEO ? read("video metadata", videoReader::read) : Optional.empty();
        }
        return videoDates;
    }

    /** The file's own attributes (never a link target's); empty if it vanished. */
    Optional<BasicFileAttributes> attributes() {
        try {
            return Optional.of(files.attributes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UnreadableFileException(path, e);
        }
    }

    private <T> Optional<T> read(String what, Reading<T> reading) {
        FaultRecordingChannel channel;
        try {
            channel = new FaultRecordingChannel(files.openChannel(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UnreadableFileException(path, e);
        }
        T result = null;
        Throwable failure = null;
        try (channel) {
            result = reading.read(channel);
        } catch (Exception | StackOverflowError e) {
            failure = e;
        }
        // Checked even when the parser swallowed the error and returned what it had read before it.
        if (channel.fault().isPresent()) {
            throw new UnreadableFileException(path, channel.fault().get());
        }
        if (failure != null) {
            // Corrupt or unsupported content is ordinary input here; the next source decides.
            LOG.debug("No {} in {}: {}", what, path, failure.toString());
            return Optional.empty();
        }
        return Optional.ofNullable(result);
    }

    /** The file could not be read (an I/O error, not bad content): no date can be trusted. */
    static final class UnreadableFileException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        UnreadableFileException(Path path, IOException cause) {
            super("could not read " + path + " to find its capture date: " + cause.getMessage(), cause);
        }
    }
}
