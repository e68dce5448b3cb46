package org.photoorganizer.dedupe;

/**
 * What the similar-image check needs to know about one image, computed from a single read.
 *
 * @param phash            64-bit perceptual hash
 * @param algorithmVersion version of the hash algorithm; hashes of different versions are never compared
 * @param width            full image width in pixels (from the header, not the thumbnail)
 * @param height           full image height in pixels
 * @param bitsPerPixel     colour depth, e.g. 24 for 8-bit RGB, 8 for grey, 48 for 16-bit RGB
 */
public record ImageFingerprint(long phash, int algorithmVersion, int width, int height, int bitsPerPixel) {

    public long pixelCount() {
        return (long) width * height;
    }

    /** Hamming distance between the two hashes. */
    public static int distance(ImageFingerprint a, ImageFingerprint b) {
        return Long.bitCount(a.phash() ^ b.phash());
    }
}
