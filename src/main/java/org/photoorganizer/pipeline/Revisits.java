package org.photoorganizer.pipeline;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Files the pipeline leaves alone for now and wants to see again; whoever feeds the pipeline decides
 * when (with a timer that runs only while something waits). The pipeline itself never waits or polls.
 */
public interface Revisits {

    /**
     * {@code file} looks incomplete ({@code reason}) and has changed within the grace time: take it again
     * after a pause or when it changes, at the latest after {@code untilGraceEnds}, when it is filed as it is.
     */
    void incomplete(Path file, String reason, Duration untilGraceEnds);

    /** The destination could not take {@code file} (full, read-only): take it again once it may have room. */
    void destinationUnavailable(Path file);

    /**
     * {@code libraryFile} was filed by a link or rename within one file system, on the quiet time alone (its
     * format has no completeness rule): a writer that still has it open writes into the library file now,
     * so look again later whether it changed and, if so, let {@link Pipeline#refreshIndexEntry} fix its row.
     */
    void filedInPlace(Path libraryFile);

    /** Takes nothing up again (tests that call the pipeline directly, dry runs). */
    Revisits NONE = new Revisits() {
        @Override
        public void incomplete(Path file, String reason, Duration untilGraceEnds) {}

        @Override
        public void destinationUnavailable(Path file) {}

        @Override
        public void filedInPlace(Path libraryFile) {}
    };
}
