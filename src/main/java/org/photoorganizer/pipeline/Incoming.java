package org.photoorganizer.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.media.MediaKind;

/**
 * Everything learned about a file before it is placed, and the state it was in when it was read.
 *
 * @param md5     read when first needed: a file no library file has the size of is never read for it
 * @param picture what the fingerprinter read of an image: its fingerprint (or why it has none) and what its
 *                metadata says of its origin, for the similar-image verdict
 */
record Incoming(Path source, String name, MediaKind kind, long size, Md5 md5, Optional<CaptureDate> date,
                ImageReading picture, FileSnapshot snapshot) {

    Incoming(Path source, String name, MediaKind kind, long size, Md5 md5, Optional<CaptureDate> date,
             Optional<ImageFingerprint> fingerprint, FileSnapshot snapshot) {
        this(source, name, kind, size, md5, date, ImageReading.of(fingerprint), snapshot);
    }

    Optional<ImageFingerprint> fingerprint() {
        return picture.fingerprint();
    }

    /** The same file, with what a closer look at its picture showed. */
    Incoming withPicture(ImageReading closerLook) {
        return new Incoming(source, name, kind, size, md5, date, closerLook, snapshot);
    }
}
