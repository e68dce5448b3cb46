package org.photoorganizer.dedupe.similar;

/**
 * Turns a square matrix stored as the camera wrote it into the way the photo is meant to be viewed,
 * following the EXIF Orientation tag (1..8).
 *
 * <p>Applied to the 32x32 greyscale square rather than the decoded image: rotating and mirroring commute
 * with area averaging onto a square grid, and turning 1,024 values is free where turning a decode is not.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    static float[] apply(float[] stored, int size, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return stored;
        }
        int last = size - 1;
        float[] shown = new float[stored.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = last - x; sy = y; }
                    case 3 -> { sx = last - x; sy = last - y; }
                    case 4 -> { sx = x; sy = last - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = last - x; }
                    case 7 -> { sx = last - y; sy = last - x; }
                    default -> { sx = last - y; sy = x; }
                }
                shown[y * size + x] = stored[sy * size + sx];
            }
        }
        return shown;
    }
}
