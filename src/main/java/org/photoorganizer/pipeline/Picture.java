package org.photoorganizer.pipeline;

import java.io.IOException;
import java.util.Optional;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageReading;

/**
 * What the fingerprinter reads of an image (its fingerprint, or why it has none), read at most once: at once for
 * most files, on an inspecting thread; only when a step needs it for a likely exact copy (a file that begins like
 * a library file of its size, or like an inbox file of its size read ahead of it). An exact copy is settled by its
 * bytes, never by its picture: deleted, or set aside with the fingerprint of the file it copies (the same bytes
 * give the same fingerprint), so a re-uploaded photo without an EXIF thumbnail is not decoded (20-30 ms of CPU at
 * 12 MP). A likely copy that is none is read when its verdict needs it, on the pipeline thread. Thread-safe like
 * {@link Md5}: made on an inspecting thread, used on the pipeline thread.
 */
final class Picture {
    /** The fingerprinter's read of the file. */
    @FunctionalInterface
    interface Reading {
        ImageReading read() throws IOException;
    }

    private Reading reading;
    private ImageReading value;

    private Picture(Reading reading, ImageReading value) {
        this.reading = reading;
        this.value = value;
    }

    /** Read now. */
    static Picture readNow(Reading reading) throws IOException {
        return new Picture(null, reading.read());
    }

    /** Read when {@link #get} first asks (on the thread that asks). */
    static Picture whenNeeded(Reading reading) {
        return new Picture(reading, null);
    }

    /** Nothing to read (a video). */
    static Picture known(ImageReading value) {
        return new Picture(null, value);
    }

    /** The reading, made now if it was not yet; a read fault is thrown here, where the picture is needed. */
    synchronized ImageReading get() throws IOException {
        if (value == null) {
            value = reading.read();
            reading = null;
        }
        return value;
    }

    /**
     * For a file found byte for byte identical to a library file: its reading if it was made, else that file's
     * fingerprint (empty when the index has none yet).
     */
    synchronized ImageReading orThatOfItsCopy(Optional<ImageFingerprint> copied) {
        return value != null ? value : ImageReading.of(copied);
    }
}
