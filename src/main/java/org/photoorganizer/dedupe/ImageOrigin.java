package org.photoorganizer.dedupe;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where an image comes from, as far as its own metadata tells: what decides, between two versions of one
 * picture with the same number of pixels, which one is the camera's original (SPEC "Duplicates": the camera
 * original wins over edits and conversions). Read from the metadata the fingerprinter reads anyway.
 *
 * @param format            the container as read from the file's bytes: JPEG, HEIC, AVIF, RAW, PNG, GIF, BMP,
 *                          TIFF, WEBP ... ("" when unknown)
 * @param make              EXIF Make, "" when absent
 * @param model             EXIF Model, "" when absent
 * @param software          EXIF Software, "" when absent
 * @param originalDate      EXIF DateTimeOriginal is present
 * @param resampled         the EXIF pixel dimensions (PixelXDimension/PixelYDimension) disagree with the picture's
 *                          own size: it was scaled after the camera wrote them (editors that keep EXIF do not
 *                          update them)
 * @param staleThumbnail    the EXIF thumbnail does not show the picture (brightened, retouched or watermarked
 *                          since the camera made both); only known once the picture itself was decoded
 */
public record ImageOrigin(String format, String make, String model, String software, boolean originalDate,
                          boolean resampled, boolean staleThumbnail) {

    /** Nothing known: neither a camera original nor a camera format. */
    public static final ImageOrigin UNKNOWN = new ImageOrigin("", "", "", "", false, false, false);

    /** Formats a camera or phone writes itself; anything else (PNG, GIF, BMP, TIFF, WebP ...) is a conversion. */
    private static final Set<String> CAMERA_FORMATS = Set.of("JPEG", "HEIC", "RAW");

    /**
     * Words in EXIF Software that name an editor or converter, lower case. Cameras write a firmware version
     * there ("Ver.1.01", "HDR+ 1.0.5", "17.1.2", "ILCE-7M3 v3.01"), which matches none of them.
     */
    static final List<String> EDITORS = List.of("photoshop", "lightroom", "adobe", "gimp", "snapseed",
            "imagemagick", "graphicsmagick", "paint.net", "paintshop", "paint shop", "picasa", "affinity",
            "capture one", "darktable", "rawtherapee", "digikam", "acdsee", "pixelmator", "luminar", "dxo",
            "photoscape", "fotor", "xnview", "irfanview", "faststone", "shotwell", "krita", "polarr", "vsco",
            "picsart", "facetune", "instagram", "canva", "pixlr", "corel", "photopea", "photodirector",
            "photo editor", "photos", "preview", "skylum", "on1 ", "lightzone", "photoworks", "inkscape");

    public ImageOrigin {
        format = format == null ? "" : format;
        make = clean(make);
        model = clean(model);
        software = clean(software);
    }

    /** The camera's own kind of file: JPEG, HEIC or raw. */
    public boolean cameraFormat() {
        return CAMERA_FORMATS.contains(format);
    }

    /** EXIF Software names an editor or converter (see {@link #EDITORS}). */
    public boolean editedBySoftware() {
        String lower = software.toLowerCase(Locale.ROOT);
        return EDITORS.stream().anyMatch(lower::contains);
    }

    /**
     * The file is as the camera wrote it: a camera's format, naming the camera (Make or Model) and the moment of
     * capture (DateTimeOriginal), written by no editor, not scaled, and its thumbnail still shows its picture.
     */
    public boolean cameraOriginal() {
        return cameraFormat() && (!make.isEmpty() || !model.isEmpty()) && originalDate && !editedBySoftware()
                && !resampled && !staleThumbnail;
    }

    /** The same origin, with a thumbnail found not to show the picture. */
    public ImageOrigin withStaleThumbnail() {
        return new ImageOrigin(format, make, model, software, originalDate, resampled, true);
    }

    private static String clean(String value) {
        return value == null ? "" : value.replace("\0", "").strip();
    }
}
