package org.photoorganizer.dedupe;

import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.media.MediaKind;

/**
 * Computes the perceptual fingerprint of an image. Empty for videos, formats that cannot be decoded,
 * corrupt files and images whose header claims more pixels than may safely be decoded.
 */
public interface ImageFingerprinter {
    Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind);

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
