package org.photoorganizer.pipeline;

import java.nio.file.Path;
import org.photoorganizer.dedupe.ImageReading;

/**
 * What the {@code File moved} row says of an image that was compared as an exact duplicate only, once and
 * plainly: "damaged" only of a file that is damaged, and otherwise why the similar-image check could not
 * look at it (too small, flat, a format whose picture is not decoded, too large).
 */
final class ComparisonNotes {
    static final String EXACT_ONLY = "compared as exact duplicates only";

    private ComparisonNotes() {
    }

    static String of(ImageReading picture) {
        String detail = picture.detail();
        return switch (picture.comparison()) {
            case SIMILAR, NOT_CHECKED -> "";
            case TOO_SMALL -> EXACT_ONLY + ": too small for the similar-image check (" + detail
                    + ", a side of 48 px or less)";
            case FLAT -> EXACT_ONLY + ": a near single-colour picture, which the similar-image check cannot tell "
                    + "from others";
            case NOT_DECODED -> EXACT_ONLY + ": the service does not decode its picture (" + detail + ")";
            case TOO_LARGE -> EXACT_ONLY + ": its picture is too large to decode (" + detail + ")";
            case DAMAGED -> "damaged: " + detail + "; " + EXACT_ONLY;
        };
    }

    /** A better version without any date, filed beside the dated photo it did not displace. */
    static String dateless(Path dated) {
        return "a larger or better version of " + dated + ", which keeps its place: a file without a date never "
                + "displaces a dated photo";
    }
}
