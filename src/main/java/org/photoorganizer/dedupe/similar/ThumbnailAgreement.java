package org.photoorganizer.dedupe.similar;

/**
 * Whether an EXIF thumbnail still shows its picture, compared on the 32x32 grey squares both give. A camera
 * makes the two from the same pixels; an editor that keeps the original's thumbnail leaves it showing the
 * picture as it was before the edit. Measured on 50 camera-like photos through the decode a verdict uses
 * (docs/similar-threshold.md): a camera thumbnail and its subsampled picture differ by 0.6-1.0 grey levels on
 * average, with at most one cell more than 12 levels apart; brightened copies (ImageMagick -modulate 115) by 7
 * or more on average; watermarked ones have 7 or more cells more than 12 apart in 9 cases out of 10.
 */
final class ThumbnailAgreement {

    /** Largest mean difference, in grey levels of 255, between a thumbnail and its own picture. */
    static final double MAX_MEAN_DIFFERENCE = 1.5;
    /** A cell further apart than this (grey levels) shows a local change such as a watermark. */
    static final double CELL_DIFFERENCE = 12;
    /** More cells this far apart than this, and the thumbnail shows another picture. */
    static final int MAX_DIFFERING_CELLS = 3;

    private ThumbnailAgreement() {
    }

    static boolean agrees(float[] thumbnailGrey, float[] pictureGrey) {
        double sum = 0;
        int differing = 0;
        for (int i = 0; i < thumbnailGrey.length; i++) {
            double difference = Math.abs(thumbnailGrey[i] - pictureGrey[i]);
            sum += difference;
            if (difference > CELL_DIFFERENCE) {
                differing++;
            }
        }
        return sum / thumbnailGrey.length <= MAX_MEAN_DIFFERENCE && differing <= MAX_DIFFERING_CELLS;
    }
}
