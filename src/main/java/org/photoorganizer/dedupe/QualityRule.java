package org.photoorganizer.dedupe;

/** Decides which of two visually similar images is the better version to keep in the library. */
@FunctionalInterface
public interface QualityRule {

    /** True only when {@code a} is strictly better than {@code b}; on a tie the library's copy stays. */
    boolean firstIsBetter(ImageFingerprint a, long bytesA, ImageFingerprint b, long bytesB);
}
