package org.photoorganizer.dedupe.similar;

import java.util.Comparator;
import org.photoorganizer.dedupe.QualityRule;

/**
 * Decides which of two visually similar files is the better copy (SPEC "Duplicates"):
 * <ol>
 *   <li>a camera original ({@link org.photoorganizer.dedupe.ImageOrigin#cameraOriginal()}) against a file that
 *       is not one, when their pixel counts differ: the original, since the other was resampled (scaled down or
 *       up) or edited, and a resampled copy never displaces its original;</li>
 *   <li>otherwise more pixels;</li>
 *   <li>at equal pixels, the camera original over an edit, then the camera's own format (JPEG, HEIC, raw) over a
 *       conversion (PNG, TIFF ...), then more colour depth, then more bytes (at equal size and depth, the larger
 *       file was compressed less).</li>
 * </ol>
 * A tie keeps the library's copy. Only meaningful for two fingerprints of the same algorithm version that
 * were found similar.
 */
public final class ImageQualityComparator implements QualityRule {

    /** Which file keeps the library place. */
    public enum Keep {
        LIBRARY_FILE,
        INCOMING_FILE
    }

    private static final Comparator<Candidate> AT_EQUAL_PIXELS = Comparator
            .comparing((Candidate c) -> c.origin().cameraOriginal())
            .thenComparing(c -> c.origin().cameraFormat())
            .thenComparingInt(c -> c.fingerprint().bitsPerPixel())
            .thenComparingLong(Candidate::bytes);

    /** Ties keep the library file: moving a photo the user already has buys nothing. */
    public Keep better(Candidate inLibrary, Candidate incoming) {
        return compare(incoming, inLibrary) > 0 ? Keep.INCOMING_FILE : Keep.LIBRARY_FILE;
    }

    @Override
    public boolean firstIsBetter(Candidate a, Candidate b) {
        return compare(a, b) > 0;
    }

    /** Positive when {@code a} is the better copy, negative when {@code b} is, zero when neither. */
    public int compare(Candidate a, Candidate b) {
        long pixelsA = a.fingerprint().pixelCount();
        long pixelsB = b.fingerprint().pixelCount();
        if (pixelsA != pixelsB) {
            boolean originalA = a.origin().cameraOriginal();
            boolean originalB = b.origin().cameraOriginal();
            if (originalA != originalB) {
                return originalA ? 1 : -1;
            }
            return Long.compare(pixelsA, pixelsB);
        }
        return AT_EQUAL_PIXELS.compare(a, b);
    }
}
