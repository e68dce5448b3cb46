package org.photoorganizer.date;

import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.media.MediaKind;

/**
 * Finds the capture date of one file, trying every source of SPEC "Capture date" in order.
 *
 * <p>Never throws for bad content: a corrupt or truncated file simply yields no date from that source,
 * and the next source is tried. Dates before 1970 or more than a day in the future are rejected.
 */
public interface CaptureDateExtractor {
    Optional<CaptureDate> extract(Path file, MediaKind kind);
}
