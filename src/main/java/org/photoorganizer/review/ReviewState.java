package org.photoorganizer.review;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/**
 * What the review page remembers of the pipeline's events since the start, in memory and bounded: the
 * totals, the files that failed and why (until they are filed), and a generation number that changes
 * with every event, so cached views know when to look again without polling anything.
 */
final class ReviewState implements PipelineListener {
    static final int MAX_REMEMBERED = 1000;

    /** A file that failed and has not been filed since. */
    record Failure(Path file, String message, Instant when) {}

    /** Counts since the service started. */
    record Totals(long filed, long duplicatesDeleted, long movedToDuplicates, long similar, long errors,
                  long skipped, long bytesFiled, long bytesDeleted, Instant lastEvent) {}

    private final Clock clock;
    private final Map<Path, Failure> failures = new LinkedHashMap<>();
    private final Map<Path, String> skipped = new LinkedHashMap<>();
    private long generation;
    private long filed;
    private long duplicatesDeleted;
    private long movedToDuplicates;
    private long similar;
    private long errors;
    private long skippedCount;
    private long bytesFiled;
    private long bytesDeleted;
    private Instant lastEvent;

    ReviewState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void on(PipelineEvent event) {
        generation++;
        lastEvent = clock.instant();
        if (event instanceof PipelineEvent.Failed e) {
            errors++;
            failures.remove(e.source());
            failures.put(e.source(), new Failure(e.source(), e.message(), lastEvent));
            trim(failures);
            return;
        }
        if (event instanceof PipelineEvent.Skipped e) {
            skippedCount++;
            skipped.put(e.source(), e.reason());
            trim(skipped);
            return;
        }
        if (event instanceof PipelineEvent.Detected) {
            return;
        }
        failures.remove(event.source());
        skipped.remove(event.source());
        if (event instanceof PipelineEvent.Filed e) {
            filed++;
            bytesFiled += e.size();
        } else if (event instanceof PipelineEvent.DuplicateDeleted e) {
            duplicatesDeleted++;
            bytesDeleted += e.size();
        } else if (event instanceof PipelineEvent.DeletedByUser e) {
            bytesDeleted += e.size();
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            movedToDuplicates++;
            bytesFiled += e.size();
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            similar++;
            bytesFiled += e.size();
        }
    }

    private static void trim(Map<Path, ?> map) {
        var oldest = map.keySet().iterator();
        while (map.size() > MAX_REMEMBERED && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized long generation() {
        return generation;
    }

    synchronized List<Failure> failures() {
        List<Failure> newestFirst = new ArrayList<>(failures.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    synchronized int skippedCount() {
        return skipped.size();
    }

    synchronized Totals totals() {
        return new Totals(filed, duplicatesDeleted, movedToDuplicates, similar, errors, skippedCount, bytesFiled,
                bytesDeleted, lastEvent);
    }
}
