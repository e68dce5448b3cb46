package org.photoorganizer.move;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or rolls back the moves a crash interrupted, using the {@link MoveJournal}.
 *
 * <p>A journaled target did not exist when its move began, so a target holding the source's bytes is
 * the move's own work: the move is completed by removing the source. A source without target is
 * simply processed again. A lone temporary copy (source and target both gone, which our order of
 * steps never produces, but a user deleting the inbox file after a crash can) is given the target
 * name only when it has the source's full size; a shorter one is a copy cut short, and is left where
 * it is, hidden, with an error: content is never thrown away, and never passed off as a photo.
 */
public final class InterruptedMoveRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedMoveRecovery.class);

    /** A move that the recovery completed: the pipeline still has to index and report it. */
    public record Completed(Path source, Path target) {}

    private final FileOps files;
    private final FileContent content;
    private final MoveJournal journal;
    private final SystemEventListener systemEvents;

    public InterruptedMoveRecovery(FileOps files, FileContent content, MoveJournal journal,
                                   SystemEventListener systemEvents) {
        this.files = files;
        this.content = content;
        this.journal = journal;
        this.systemEvents = systemEvents;
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
                // The entry stays in the journal, so the problem is reported again at every start until solved.
                systemEvents.on(SystemEvent.error("Could not finish the move of " + entry.source() + " to "
                        + entry.target() + " interrupted by a crash: " + e.getMessage()));
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
            } else if (files.attributes(temporary).size() == entry.size()) {
                files.renameNoReplace(temporary, target);
                LOG.warn("Recovered {} from its temporary copy", target);
                return true;
            } else {
                throw new IOException("the only copy left of " + source + " is the incomplete " + temporary
                        + "; it was kept where it is");
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
