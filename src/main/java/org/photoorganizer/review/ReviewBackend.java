package org.photoorganizer.review;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.pipeline.Pipeline;

/**
 * What the review page needs from the running service, handed over by the app once the service is
 * prepared. Everything that changes a file runs through {@link #onPipeline}, so it is serialized with the
 * pipeline's single thread and never races a file being filed.
 */
public interface ReviewBackend {

    /** What the service is doing right now, read from memory (no disk access). */
    record Activity(int settling, int queued, boolean working, boolean indexingLibrary) {}

    Activity activity();

    /**
     * Runs {@code work} on the pipeline thread (after the files already queued) and waits for it up to
     * {@code waitMillis}.
     *
     * @throws TimeoutException when it has not run yet; it still runs later
     */
    <T> T onPipeline(Callable<T> work, long waitMillis) throws Exception;

    /** The pipeline; its public methods are only called from {@link #onPipeline} work. */
    Pipeline pipeline();

    /** The pipeline's own mover (same journal). */
    SafeMover mover();

    LibraryIndex index();
}
