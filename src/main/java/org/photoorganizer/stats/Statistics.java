package org.photoorganizer.stats;

import java.util.concurrent.atomic.AtomicLong;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/** Bytes moved and bytes deleted since the last report. One instance per service; never global. */
public final class Statistics implements PipelineListener {
    private final AtomicLong bytesMoved = new AtomicLong();
    private final AtomicLong bytesDeleted = new AtomicLong();

    /** A consistent reading of both counters. */
    public record Snapshot(long bytesMoved, long bytesDeleted) {
        public boolean isZero() {
            return bytesMoved == 0 && bytesDeleted == 0;
        }
    }

    @Override
    public void on(PipelineEvent event) {
        if (event instanceof PipelineEvent.Filed e) {
            bytesMoved.addAndGet(e.size());
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            bytesMoved.addAndGet(e.size());
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            bytesMoved.addAndGet(e.size());
        } else if (event instanceof PipelineEvent.DuplicateDeleted e) {
            bytesDeleted.addAndGet(e.size());
        } else if (event instanceof PipelineEvent.DeletedByUser e) {
            bytesDeleted.addAndGet(e.size());
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(bytesMoved.get(), bytesDeleted.get());
    }

    /** Reads and clears the counters in one step, so no byte is reported twice or lost between them. */
    public synchronized Snapshot takeAndReset() {
        return new Snapshot(bytesMoved.getAndSet(0), bytesDeleted.getAndSet(0));
    }
}
