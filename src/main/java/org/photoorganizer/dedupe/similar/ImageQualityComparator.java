package org.photoorganizer.dedupe.similar;

import java.util.Comparator;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.QualityRule;

/**
 * Decides which of two visually similar files is the better copy: more pixels, then more colour depth, then
 * more bytes (at equal size and depth, the larger file was compressed less). Only meaningful for two
 * fingerprints of the same algorithm version that were found similar.
 */
public final class ImageQualityComparator implements QualityRule {

    /** One side of the comparison. */
    public record Candidate(ImageFingerprint fingerprint, long fileSize) {
    }

    /** Which file keeps the library place. */
    public enum Keep {
        LIBRARY_FILE,
        INCOMING_FILE
    }

    private static final Comparator<Candidate> BY_QUALITY = Comparator
            .comparingLong((Candidate c) -> c.fingerprint().pixelCount())
            .thenComparingInt(c -> c.fingerprint().bitsPerPixel())
            .thenComparingLong(Candidate::fileSize);

    /** Ties keep the library file: moving a photo the user already has buys nothing. */
    public Keep better(Candidate inLibrary, Candidate incoming) {
        return BY_QUALITY.compare(incoming, inLibrary) > 0 ? Keep.INCOMING_FILE : Keep.LIBRARY_FILE;
    }

    @Override
    public boolean firstIsBetter(ImageFingerprint a, long bytesA, ImageFingerprint b, long bytesB) {
        return compare(new Candidate(a, bytesA), new Candidate(b, bytesB)) > 0;
    }

    /** Positive when {@code a} is the better copy, negative when {@code b} is, zero when neither. */
    public int compare(Candidate a, Candidate b) {
        return BY_QUALITY.compare(a, b);
    }
}
