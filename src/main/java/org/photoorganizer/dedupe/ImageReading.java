package org.photoorganizer.dedupe;

import java.util.Objects;
import java.util.Optional;

/**
 * What one read of an image gave: its fingerprint when it takes part in the similar-image check, otherwise why
 * it is compared as an exact duplicate only; and what its metadata says about where it comes from.
 *
 * @param fingerprint present exactly when {@code comparison} is {@link Comparison#SIMILAR}
 * @param detail      for {@link Comparison#NOT_DECODED}: what was not decoded ("HEIC without a JPEG preview");
 *                    for {@link Comparison#DAMAGED}: what is wrong; otherwise ""
 * @param source      which pixels the fingerprint was computed from
 */
public record ImageReading(Optional<ImageFingerprint> fingerprint, Comparison comparison, String detail,
                           ImageOrigin origin, Source source) {

    /** Which duplicates an image takes part in, and if only exact ones, why. */
    public enum Comparison {
        /** Fingerprinted: exact and similar duplicates. */
        SIMILAR,
        /** Not an image, or similar-image detection is off: nothing to say. */
        NOT_CHECKED,
        /** A side of 48 px or less: too few pixels for the hash to tell pictures apart. */
        TOO_SMALL,
        /** A near single-colour picture: its hash is noise. */
        FLAT,
        /** A format or variant whose picture the service does not decode. */
        NOT_DECODED,
        /** More pixels (or a bigger decode buffer) than the service decodes within its memory. */
        TOO_LARGE,
        /** The file is broken or incomplete. */
        DAMAGED
    }

    /** Where the pixels behind a fingerprint came from. */
    public enum Source {
        /** The picture itself, decoded (subsampled). */
        PICTURE,
        /** The small EXIF thumbnail, which an editor may have left stale. */
        THUMBNAIL,
        /** The JPEG preview a raw or HEIC file embeds, the only picture the service can decode in such files. */
        PREVIEW,
        /** No pixels were used. */
        NONE
    }

    public static final ImageReading NOT_CHECKED =
            new ImageReading(Optional.empty(), Comparison.NOT_CHECKED, "", ImageOrigin.UNKNOWN, Source.NONE);

    public ImageReading {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        detail = detail == null ? "" : detail;
        if (fingerprint.isPresent() != (comparison == Comparison.SIMILAR)) {
            throw new IllegalArgumentException("a fingerprint goes with SIMILAR and only with it: " + comparison);
        }
    }

    public static ImageReading fingerprinted(ImageFingerprint fingerprint, ImageOrigin origin, Source source) {
        return new ImageReading(Optional.of(fingerprint), Comparison.SIMILAR, "", origin, source);
    }

    public static ImageReading exactOnly(Comparison why, String detail, ImageOrigin origin) {
        return new ImageReading(Optional.empty(), why, detail, origin, Source.NONE);
    }

    /** A fingerprint known from elsewhere (the index), its origin unknown. */
    public static ImageReading of(Optional<ImageFingerprint> fingerprint) {
        return fingerprint.map(fp -> fingerprinted(fp, ImageOrigin.UNKNOWN, Source.PICTURE)).orElse(NOT_CHECKED);
    }

    /** The same reading with the fingerprint its own decoded pixels gave (its thumbnail was stale). */
    public ImageReading withPictureFingerprint(ImageFingerprint fromPicture) {
        return fingerprinted(fromPicture, origin, Source.PICTURE);
    }
}
