package org.photoorganizer.dedupe;

/** Decides which of two visually similar images is the better version to keep in the library. */
@FunctionalInterface
public interface QualityRule {

    /** One side of the comparison: its fingerprint, where it comes from and its size in bytes. */
    record Candidate(ImageFingerprint fingerprint, ImageOrigin origin, long bytes) {}

    /** True only when {@code a} is strictly better than {@code b}; on a tie the library's copy stays. */
    boolean firstIsBetter(Candidate a, Candidate b);
}
