package org.photoorganizer.app;

import java.io.PrintStream;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/** Prints the plan of {@code --dry-run}: one line per file, {@code source → action → target}. */
final class DryRunPrinter implements PipelineListener {
    private final PrintStream out;

    DryRunPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void on(PipelineEvent event) {
        String line;
        if (event instanceof PipelineEvent.Filed e) {
            line = e.source() + " → move → " + e.target();
        } else if (event instanceof PipelineEvent.DuplicateDeleted e) {
            line = e.source() + " → delete (identical to " + e.keptCopy() + ") → -";
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            line = e.source() + " → move to Duplicates (identical to " + e.original() + ") → " + e.target();
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            line = e.source() + " → move to Duplicates (similar to " + e.better() + ", distance " + e.distance()
                    + ") → " + e.lesserTarget();
        } else if (event instanceof PipelineEvent.Skipped e) {
            line = e.source() + " → skip (" + e.reason() + ") → -";
        } else if (event instanceof PipelineEvent.Failed e) {
            line = e.source() + " → error (" + e.message() + ") → -";
        } else {
            return;
        }
        out.println(line);
    }
}
