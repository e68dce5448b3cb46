package org.photoorganizer.format;

import java.util.Objects;

/**
 * What a file's own structure says about whether it is all there.
 *
 * @param format the format recognised ("JPEG", "MP4/MOV", ...), or "" when no rule applies
 * @param reason for an incomplete file, what is missing, in words a NAS user can follow
 */
public record Completeness(Verdict verdict, String format, String reason) {

    /** {@link #NO_RULE}: the format has no rule here (or the header is not one we know). */
    public enum Verdict { COMPLETE, INCOMPLETE, NO_RULE }

    public Completeness {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reason, "reason");
    }

    public static Completeness complete(String format) {
        return new Completeness(Verdict.COMPLETE, format, "");
    }

    public static Completeness incomplete(String format, String reason) {
        return new Completeness(Verdict.INCOMPLETE, format, reason);
    }

    public static Completeness noRule() {
        return new Completeness(Verdict.NO_RULE, "", "");
    }

    public boolean isIncomplete() {
        return verdict == Verdict.INCOMPLETE;
    }

    /** "JPEG: no end-of-image marker after the picture data", for logs and rows. */
    public String describe() {
        return switch (verdict) {
            case COMPLETE -> format + ": complete";
            case INCOMPLETE -> format + ": " + reason;
            case NO_RULE -> "no completeness rule for this format";
        };
    }
}
