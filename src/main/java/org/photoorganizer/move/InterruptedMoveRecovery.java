package org.photoorganizer.move;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or rolls back the moves a crash interrupted, using the {@link MoveJournal}.
 *
 * <p>A journaled target did not exist when its move began, so a target holding the source's bytes is
 * the move's own work: the move is completed by removing the source. A source without target is
 * simply processed again. A lone temporary copy (source and target both gone, which our order of
 * steps never produces) is kept by giving it the target name: content is never thrown away.
 */
public final class InterruptedMoveRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedMoveRecovery.class);

    /** A move that the recovery completed: the pipeline still has to index and report it. */
    public record Completed(Path source, Path target) {}

    private final FileOps files;
    private final FileContent content;
    private final MoveJournal journal;

    public InterruptedMoveRecovery(FileOps files, FileContent content, MoveJournal journal) {
        this.files = files;
        this.content = content;
        this.journal = journal;
    }

    public List<Completed> recover() throws IOException {
        List<Completed> completed = new ArrayList<>();
        for (MoveJournal.Entry entry : journal.pending()) {
            try {
                if (recover(entry)) {
                    completed.add(new Completed(entry.source(), entry.target()));
                }
                journal.end(entry.id());
            } catch (IOException e) {
                LOG.error("Could not recover the interrupted move {} -> {}: {}", entry.source(), entry.target(),
                        e.toString());
            }
        }
        return completed;
    }

    private boolean recover(MoveJournal.Entry entry) throws IOException {
        Path source = entry.source();
        Path target = entry.target();
        Path temporary = SafeMover.temporaryFor(target);
        boolean sourceExists = files.exists(source);
        boolean targetExists = files.exists(target);
        if (files.exists(temporary)) {
            if (sourceExists || targetExists) {
                files.delete(temporary);
            } else {
                files.renameNoReplace(temporary, target);
                LOG.warn("Recovered {} from its temporary copy", target);
                return true;
            }
        }
        if (sourceExists && targetExists) {
            if (content.sameBytes(source, target)) {
                files.delete(source);
                LOG.info("Completed the interrupted move {} -> {}", source, target);
                return true;
            }
            return false;
        }
        return !sourceExists && targetExists;
    }
}
