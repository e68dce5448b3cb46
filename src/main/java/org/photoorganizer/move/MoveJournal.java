package org.photoorganizer.move;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A durable note of each move in flight, written before the first change and removed after the last,
 * so a restart after a crash can finish or undo exactly the moves that were interrupted.
 */
public interface MoveJournal {

    /** One move that was started and not yet confirmed finished; {@code size} is the source's, in bytes. */
    record Entry(long id, Path source, Path target, long size) {}

    /** Notes a move before its first change; the note is on the disk (it survives a power cut) when this returns. */
    long begin(Path source, Path target, long size) throws IOException;

    /**
     * Like {@link #begin}, for a move by hard link within one file system: the note survives a kill -9 but may
     * be lost to a power cut. What it would tell the next start, the file system then shows by itself: the
     * photo under its inbox name, its library name, or both (one file, two names, which the pipeline
     * recognises and resolves by removing the inbox name). Spares one forced write per photo.
     */
    default long beginLink(Path source, Path target, long size) throws IOException {
        return begin(source, target, size);
    }

    void end(long id) throws IOException;

    /** What is written with the end of a move's entry, in the same commit (the moved file's index row). */
    @FunctionalInterface
    interface Record {
        void write() throws IOException;
    }

    /**
     * Writes {@code record} and ends the entry together: a crash leaves both or neither, so a finished move
     * without its index row is still in the journal at the next start. One commit instead of two.
     */
    default void end(long id, Record record) throws IOException {
        record.write();
        end(id);
    }

    /** Makes what {@link #beginLink} and the ends after it wrote survive a kill -9 now (the end of a batch). */
    default void flush() throws IOException {}

    List<Entry> pending() throws IOException;

    /** Keeps nothing; for dry runs and tests that do not crash. */
    MoveJournal NONE = new MoveJournal() {
        @Override
        public long begin(Path source, Path target, long size) {
            return 0;
        }

        @Override
        public void end(long id) {}

        @Override
        public List<Entry> pending() {
            return List.of();
        }
    };
}
