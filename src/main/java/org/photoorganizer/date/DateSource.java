package org.photoorganizer.date;

import java.util.List;

/**
 * One kind of evidence for a capture date (EXIF, XMP, video boxes, file name, file times).
 *
 * <p>Returns its candidates strongest first; the extractor takes the first plausible one. A source that
 * cannot read the file returns an empty list rather than throwing, but the extractor guards anyway.
 */
interface DateSource {
    List<CaptureDate> candidates(InspectedFile file);
}
