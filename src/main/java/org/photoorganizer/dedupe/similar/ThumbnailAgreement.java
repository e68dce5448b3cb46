package org.photoorganizer.dedupe.similar;

/**
 * Whether an EXIF thumbnail still shows its picture, compared on the 32x32 grey squares both give. A camera
 * makes the two from the same pixels; an editor that keeps the original's thumbnail leaves it showing the
 * picture as it was before the edit. Measured (docs/similar-threshold.md): a camera thumbnail and its picture
 * differ by 0.5-0.7 grey levels on average, with at most one cell more than 8 levels apart; a 5 % brightening
 * moves the average by 2 or more, a watermark moves 8 or more cells by more than 8.
 */
final class ThumbnailAgreement {

    /** Largest mean difference, in grey levels of 255, between a thumbnail and its own picture. */
    static final double MAX_MEAN_DIFFERENCE = 1.5;
    /** A cell further apart than this (grey levels) shows a local change such as a watermark. */
    static final double CELL_DIFFERENCE = 8;
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
