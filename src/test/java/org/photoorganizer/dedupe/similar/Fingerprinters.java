package org.photoorganizer.dedupe.similar;

import org.photoorganizer.fs.FileOps;

/** For measurements outside this package: the fingerprinter as it was before JPEG block means. */
public final class Fingerprinters {
    private Fingerprinters() {}

    /** Every JPEG picture decoded subsampled through ImageIO (algorithm version 1's way). */
    public static PerceptualFingerprinter withoutBlockMeans(FileOps files) {
        return new PerceptualFingerprinter(files, PerceptualFingerprinter.Limits.DEFAULT, false);
    }
}
