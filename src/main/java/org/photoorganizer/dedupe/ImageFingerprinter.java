package org.photoorganizer.dedupe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.media.MediaKind;

/**
 * Computes the perceptual fingerprint of an image. Empty for videos, formats that cannot be decoded,
 * corrupt files, images too small or too flat for the hash to mean anything, and images whose header claims
 * more pixels than may safely be decoded.
 */
public interface ImageFingerprinter {

    /** The fingerprint alone (the library scan needs no more); a read fault gives none. */
    Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind);

    /**
     * The cheapest fingerprint of the file (an EXIF thumbnail when the file has a usable one), why there is
     * none otherwise, and what its metadata says of its origin. Read once per incoming file. A fingerprinter
     * that only knows hashes says nothing more than {@link #fingerprint}.
     *
     * @throws IOException when the file cannot be read: a read fault, never a damaged picture (that is a reading)
     */
    default ImageReading read(Path file, MediaKind kind) throws IOException {
        return ImageReading.of(fingerprint(file, kind));
    }

    /**
     * The fingerprint of the picture itself, decoded (subsampled), never of an EXIF thumbnail: the evidence a
     * similar verdict needs, since editors often keep the original's thumbnail. Raw and HEIC files, whose own
     * pictures are not decoded here, give their largest embedded JPEG preview ({@link ImageReading.Source#PREVIEW}).
     */
    default ImageReading readPicture(Path file, MediaKind kind) throws IOException {
        return read(file, kind);
    }

    /**
     * The version of the hash this fingerprinter computes; fingerprints of another version are never
     * compared with it, and the library's are recomputed at start.
     */
    int algorithmVersion();

    /** For tests and for builds without similar-image detection. */
    ImageFingerprinter NONE = new ImageFingerprinter() {
        @Override
        public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
            return Optional.empty();
        }

        @Override
        public int algorithmVersion() {
            return 0;
        }
    };
}
