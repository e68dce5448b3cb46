package org.photoorganizer.pipeline;

import java.io.IOException;
import java.util.List;
import org.photoorganizer.fs.FileOps;

/**
 * Log rows owed across a crash. Before a step whose row a kill -9 could otherwise lose (deleting a duplicate,
 * moving a file into Duplicates, a similar image taking the library place of another), the pipeline writes
 * the row it will owe; once the listeners have the event, the row is paid. A restart turns each owed row
 * whose step did happen into its event, and drops the others: that file is still where it was, is
 * processed again and gets its own row then.
 */
public interface OwedRows {

    /** Records, durably, that {@code event} is owed if its step happens. */
    void owe(PipelineEvent event) throws IOException;

    /** The listeners have an event of this kind for this source: whatever was owed for it is paid. */
    void paid(PipelineEvent event);

    /** The step was not taken after all (a name was taken meanwhile): forget what was owed for this source. */
    void cancel(PipelineEvent event);

    /**
     * After a crash, once interrupted moves are finished or undone: the owed events whose step happened, in the
     * order they were owed, and forgets every owed row.
     */
    List<PipelineEvent> settle(FileOps files) throws IOException;

    /** Owes nothing: dry runs and tests that do not crash. */
    OwedRows NONE = new OwedRows() {
        @Override
        public void owe(PipelineEvent event) {}

        @Override
        public void paid(PipelineEvent event) {}

        @Override
        public void cancel(PipelineEvent event) {}

        @Override
        public List<PipelineEvent> settle(FileOps files) {
            return List.of();
        }
    };
}
