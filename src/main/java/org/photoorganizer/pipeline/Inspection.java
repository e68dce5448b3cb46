package org.photoorganizer.pipeline;

import java.io.IOException;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.format.Completeness;

/**
 * What is read of an inbox file before anything is decided about it: whether it is complete, then its capture
 * date and its picture's fingerprint (not yet for a likely exact copy: see {@link Picture}); its MD5 only if an
 * exact-copy lookup needs it. Reading is most of what a file costs and changes nothing, so it runs ahead of the
 * pipeline on other threads ({@link Pipeline#inspect}) while the decisions and moves stay on the pipeline thread,
 * one file at a time. The pipeline uses an inspection only while the file is as it was read (same size,
 * modification time and identity); otherwise it reads the file again itself. A read that failed is kept and
 * thrown on the pipeline thread at the step that needs its result, so a file fails with the same row, at the same
 * point, either way.
 */
public final class Inspection {
    /** Nothing read ahead: the pipeline reads the file itself. */
    public static final Inspection NONE = new Inspection(null, null, null);

    /** What a file's content gave: its MD5 (read when needed), capture date and picture (see {@link Picture}). */
    record Contents(Md5 md5, Optional<CaptureDate> date, Picture picture) {}

    private final FileSnapshot snapshot;
    private final Read<Completeness> completeness;
    private final Read<Contents> contents;

    Inspection(FileSnapshot snapshot, Read<Completeness> completeness, Read<Contents> contents) {
        this.snapshot = snapshot;
        this.completeness = completeness;
        this.contents = contents;
    }

    /** This inspection if it was made of the file as it is now, else {@link #NONE}. */
    Inspection ifStill(FileSnapshot now) {
        return snapshot != null && snapshot.equals(now) ? this : NONE;
    }

    /** The size the file had when it was read; -1 when nothing was read. */
    long size() {
        return snapshot == null ? -1 : snapshot.size();
    }

    /** The completeness check's verdict, or null when it was not made. */
    Read<Completeness> completeness() {
        return completeness;
    }

    /** The content read, or null when it was not read (the file looked incomplete). */
    Read<Contents> contents() {
        return contents;
    }

    /** A value read from a file, or what reading it threw, to be thrown where the value is needed. */
    record Read<T>(T value, Exception failure) {
        /** The reading, done now. */
        interface Reading<T> {
            T read() throws IOException;
        }

        static <T> Read<T> of(Reading<T> reading) {
            try {
                return new Read<>(reading.read(), null);
            } catch (IOException | RuntimeException e) {
                return new Read<>(null, e);
            }
        }

        T get() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            return value;
        }
    }
}
