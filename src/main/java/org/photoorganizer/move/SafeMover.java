package org.photoorganizer.move;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a file so that at every instant its content exists at the source, at the target, or both,
 * and never replaces an existing file.
 *
 * <p>Within one file system the target is created as a hard link (atomic, fails if the name exists)
 * and then the source name is removed. Across file systems the file is copied to a hidden temporary
 * name beside the target, forced to disk, compared byte for byte with the source, linked to its final
 * name, and only then is the source deleted. If any step fails, what was created is removed again and
 * the source stays where it was.
 *
 * <p>Not thread-safe: one thread moves (the pipeline's).
 */
public final class SafeMover {
    private static final Logger LOG = LoggerFactory.getLogger(SafeMover.class);
    private static final String TEMP_PREFIX = ".photo-organizer-";
    private static final String TEMP_SUFFIX = ".tmp";

    /** How long the removal of inbox names may wait for the folder to be forced to disk. */
    private static final long SOURCE_SYNC_DELAY_NANOS = 1_000_000_000L;

    private final FileOps files;
    private final FileContent content;
    private final MoveJournal journal;
    /** Inbox folders whose removed names are not forced to disk yet ({@link #flush}), and since when. */
    private final Set<Path> unsyncedSources = new LinkedHashSet<>();
    private long unsyncedSinceNanos;
    /** Journal entries of finished moves that could not be ended then (the journal's disk was full). */
    private final List<Long> leftOpen = new ArrayList<>();

    public SafeMover(FileOps files, FileContent content, MoveJournal journal) {
        this.files = files;
        this.content = content;
        this.journal = journal;
    }

    /** The hidden name a cross-file-system copy has before it is complete. */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    }

    /** How a move was made: the library file is the inbox file itself (linked, renamed) or a copy of it. */
    public enum Moved { LINKED, RENAMED, COPIED }

    /**
     * Moves {@code source} to {@code target}; the source must still be as it was when the move began when
     * its inbox name is removed.
     *
     * @throws FileAlreadyExistsException if {@code target} exists; nothing was changed
     * @throws IOException on any other failure; the source is where it was and no target was left behind
     */
    public Moved move(Path source, Path target) throws IOException {
        return move(source, target, null);
    }

    /**
     * Moves {@code source} to {@code target}. Right before the inbox name is removed, the source's size,
     * modification time and identity must still be {@code read} (what was hashed and copied; null: as the
     * move began). A file written into meanwhile keeps its inbox name and loses its library name again
     * ({@link SourceChangedException}); a file replaced meanwhile by another one leaves the one that was read
     * in the library and the new one in the inbox, to be taken later.
     *
     * @throws FileAlreadyExistsException if {@code target} exists; nothing was changed
     * @throws IOException on any other failure; the source is where it was and no target was left behind
     */
    public Moved move(Path source, Path target, SourceState read) throws IOException {
        return move(source, target, read, null);
    }

    /**
     * Like {@link #move(Path, Path, SourceState)}; once the move is done, {@code record} (the target's index row)
     * is written in the same commit as the end of the move's journal entry. When that write fails the move stays
     * done and journaled (the next move or the next start ends it) and is not an error.
     */
    public Moved move(Path source, Path target, SourceState read, MoveJournal.Record record) throws IOException {
        if (!unsyncedSources.isEmpty() && System.nanoTime() - unsyncedSinceNanos > SOURCE_SYNC_DELAY_NANOS) {
            flush();
        }
        files.createDirectories(target.getParent());
        if (files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        SourceState atStart = SourceState.of(files.attributes(source));
        SourceState expected = read == null ? atStart : read;
        endWhatWasLeftOpen();
        // Within one file system the move is a link, then an unlink: a power cut at any instant leaves the photo
        // under its inbox name, its library name or both, and the file system itself shows the last case (one
        // file, two names), which the pipeline recognises. Its journal entry then needs no fsync of its own.
        boolean link = files.sameFileSystem(source, target.getParent());
        long entry = link ? journal.beginLink(source, target, atStart.size())
                : journal.begin(source, target, atStart.size());
        Moved moved;
        try {
            moved = link ? moveWithinFileSystemUnlessCrossDevice(source, target, expected) : null;
            if (moved == null) {
                if (link) {
                    // A copy after all: its entry (which names the temporary file to clean up) must be durable.
                    journal.end(entry);
                    entry = journal.begin(source, target, atStart.size());
                }
                moveAcrossFileSystems(source, target, expected);
                moved = Moved.COPIED;
            }
        } catch (IOException | RuntimeException e) {
            try {
                journal.end(entry);
            } catch (IOException | RuntimeException end) {
                e.addSuppressed(end);
            }
            throw e;
        }
        try {
            if (record == null) {
                journal.end(entry);
            } else {
                journal.end(entry, record);
            }
        } catch (IOException | RuntimeException e) {
            // The photo is where it belongs: a journal or index that cannot note it (its disk full) must not turn
            // a finished move into an error. The entry is ended with the next move, or finished at the next start,
            // which also indexes the target.
            LOG.warn("Moved {} to {}, but the move journal or the index could not note it ({}); noted later", source,
                    target, e.toString());
            leftOpen.add(entry);
        }
        return moved;
    }

    /** Ends the journal entries of finished moves that could not be ended when they finished. */
    private void endWhatWasLeftOpen() throws IOException {
        while (!leftOpen.isEmpty()) {
            journal.end(leftOpen.get(0));
            leftOpen.remove(0);
        }
    }

    /** The move within one file system, or null when the two turn out to be different mounts (a bind mount). */
    private Moved moveWithinFileSystemUnlessCrossDevice(Path source, Path target, SourceState expected)
            throws IOException {
        try {
            return moveWithinFileSystem(source, target, expected);
        } catch (FileSystemException e) {
            if (!crossDevice(e)) {
                throw e;
            }
            // One file system seen through two mounts: no link between them, so a copy.
            return null;
        }
    }

    private Moved moveWithinFileSystem(Path source, Path target, SourceState expected) throws IOException {
        try {
            files.createLink(target, source);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            if (e instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            return renameChecked(source, target, expected);
        } catch (FileSystemException e) {
            if (!linksUnsupported(e)) {
                undoHalfMadeLink(target, source, e);
                throw e;
            }
            return renameChecked(source, target, expected);
        }
        files.syncDirectory(target.getParent());
        if (keepsItsInboxName(source, target, expected)) {
            return Moved.LINKED;
        }
        removeSourceOrUndo(source, target);
        return Moved.LINKED;
    }

    /**
     * Without hard links the rename is the whole move, so the check comes after it: a file that changed is
     * renamed back where the inbox name is still free.
     */
    private Moved renameChecked(Path source, Path target, SourceState expected) throws IOException {
        files.renameNoReplace(source, target);
        files.syncDirectory(target.getParent());
        SourceState arrived = SourceState.of(files.attributes(target));
        if (!arrived.equals(expected) && arrived.sameFile(expected)) {
            try {
                files.renameNoReplace(target, source);
                files.syncDirectory(source.getParent());
            } catch (IOException back) {
                LOG.warn("{} changed while it was being moved and could not be renamed back: it stays at {}",
                        source, target);
                return Moved.RENAMED;
            }
            throw changed(source);
        }
        return Moved.RENAMED;
    }

    private void moveAcrossFileSystems(Path source, Path target, SourceState expected) throws IOException {
        Path temporary = temporaryFor(target);
        try {
            files.copyToNewFile(source, temporary);
            if (!content.sameBytes(source, temporary)) {
                throw new IOException("The copy of " + source + " at " + temporary + " differs from the original");
            }
            files.createLink(target, temporary);
            files.syncDirectory(target.getParent());
        } catch (IOException | RuntimeException e) {
            undoHalfMadeLink(target, temporary, e);
            deleteQuietly(temporary);
            throw e;
        }
        deleteQuietly(temporary);
        if (keepsItsInboxName(source, target, expected)) {
            return;
        }
        removeSourceOrUndo(source, target);
    }

    /**
     * The last look before the inbox name goes: true when the source must stay. The library file is removed
     * again when it is the changed file itself (a link to it, or a copy of what it holds now): the inbox file
     * holds everything and is taken again once it stands still. When the inbox name now belongs to another
     * file and the library holds the one that was read, both stay: the new one is taken later.
     */
    private boolean keepsItsInboxName(Path source, Path target, SourceState expected) throws IOException {
        SourceState now;
        try {
            now = SourceState.of(files.attributes(source));
        } catch (NoSuchFileException gone) {
            return false;
        }
        if (now.equals(expected)) {
            return false;
        }
        boolean replaced = expected.fileKey() != null && now.fileKey() != null && !now.sameFile(expected);
        if (replaced && !holdsTheCurrentFile(source, target)) {
            LOG.warn("{} was replaced by another file while it was being moved; the file that was read is at {},"
                    + " the new one stays in the inbox", source, target);
            return true;
        }
        try {
            files.delete(target);
            files.syncDirectory(target.getParent());
        } catch (IOException undo) {
            LOG.error("{} changed while it was being moved, and its library copy {} could not be removed: {}",
                    source, target, undo.toString());
        }
        throw changed(source);
    }

    /** The target is the inbox file as it is now: the same inode, or a copy of its current bytes. */
    private boolean holdsTheCurrentFile(Path source, Path target) throws IOException {
        Object targetKey = files.attributes(target).fileKey();
        if (targetKey != null && targetKey.equals(files.attributes(source).fileKey())) {
            return true;
        }
        return content.sameBytes(source, target);
    }

    private static SourceChangedException changed(Path source) {
        return new SourceChangedException("the file changed while it was being moved (still being written?); left in"
                + " place, it will be taken again once it stands still");
    }

    /**
     * The target is complete; if the source cannot be removed, the target is, so no file exists twice.
     * The target is only removed while the source still holds the same photo: a source that someone
     * else deleted or replaced in the meantime leaves the target as the one copy, which must stay.
     */
    private void removeSourceOrUndo(Path source, Path target) throws IOException {
        try {
            files.delete(source);
        } catch (NoSuchFileException gone) {
            LOG.warn("{} was removed by someone else while it was being moved; {} holds the photo", source, target);
            return;
        } catch (IOException e) {
            try {
                if (sameFile(source, target)) {
                    files.delete(target);
                } else {
                    LOG.error("{} changed while it was being moved; its earlier content stays at {}", source, target);
                }
            } catch (IOException undo) {
                e.addSuppressed(undo);
                LOG.error("Could not remove {} after failing to remove {}: both now hold the same photo",
                        target, source);
            }
            throw e;
        }
        sourceRemoved(source.getParent());
    }

    /**
     * The library name is on the disk before the inbox name goes (that order is what no crash may break); the
     * removal of the inbox name itself is forced to the disk with the next ones, at most a second later or when
     * the pipeline runs out of files ({@link #flush}), one folder sync for many files. A power cut in between may
     * bring the inbox name back: a second name of the photo the library already holds, found at the next start
     * as the same file and removed (see Pipeline).
     */
    private void sourceRemoved(Path folder) {
        if (unsyncedSources.isEmpty()) {
            unsyncedSinceNanos = System.nanoTime();
        }
        unsyncedSources.add(folder);
    }

    /** Forces the removals of inbox names made so far to the disk; call it on the thread that moves. */
    public void flush() {
        for (Path folder : unsyncedSources) {
            syncQuietly(folder);
        }
        unsyncedSources.clear();
        try {
            journal.flush();
        } catch (IOException | RuntimeException e) {
            // The moves are done; their rows are written again by the next start's listing of the library.
            LOG.warn("The move journal could not note the last moves ({}); the next start lists them", e.toString());
        }
    }

    /** Both names lead to the same photo: the same file (a hard link) or a byte-identical copy. */
    private boolean sameFile(Path source, Path target) throws IOException {
        if (!files.exists(source)) {
            return false;
        }
        Object sourceKey = files.attributes(source).fileKey();
        if (sourceKey != null && sourceKey.equals(files.attributes(target).fileKey())) {
            return true;
        }
        return content.sameBytes(source, target);
    }

    /**
     * A link call that reports failure may still have made the link (an I/O error after the fact); left
     * there, the photo would be both in the library and in the inbox. Only a name for the very same
     * file is removed, never a file someone else put there.
     */
    private void undoHalfMadeLink(Path link, Path existing, Exception failure) {
        try {
            if (files.exists(link) && files.exists(existing)) {
                Object linkKey = files.attributes(link).fileKey();
                if (linkKey != null && linkKey.equals(files.attributes(existing).fileKey())) {
                    files.delete(link);
                }
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean crossDevice(FileSystemException e) {
        return String.valueOf(e.getReason()).contains("cross-device");
    }

    private static boolean linksUnsupported(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("Operation not permitted") || reason.contains("Operation not supported")
                || reason.contains("not supported");
    }

    private void deleteQuietly(Path path) {
        try {
            if (files.exists(path)) {
                files.delete(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove temporary file {}: {}", path, e.toString());
        }
    }

    private void syncQuietly(Path dir) {
        try {
            files.syncDirectory(dir);
        } catch (IOException e) {
            LOG.debug("Could not sync {}: {}", dir, e.toString());
        }
    }
}
