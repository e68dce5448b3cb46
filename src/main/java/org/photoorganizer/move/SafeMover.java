package org.photoorganizer.move;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
public final class SafeMover {
    private static final Logger LOG = LoggerFactory.getLogger(SafeMover.class);
    private static final String TEMP_PREFIX = ".photo-organizer-";
    private static final String TEMP_SUFFIX = ".tmp";

    private final FileOps files;
    private final FileContent content;
    private final MoveJournal journal;

    public SafeMover(FileOps files, FileContent content, MoveJournal journal) {
        this.files = files;
        this.content = content;
        this.journal = journal;
    }

    /** The hidden name a cross-file-system copy has before it is complete. */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Moves {@code source} to {@code target}.
     *
     * @throws FileAlreadyExistsException if {@code target} exists; nothing was changed
     * @throws IOException on any other failure; the source is where it was and no target was left behind
     */
    public void move(Path source, Path target) throws IOException {
        files.createDirectories(target.getParent());
        if (files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        long entry = journal.begin(source, target, files.attributes(source).size());
        try {
            if (files.sameFileSystem(source, target.getParent())) {
                moveWithinFileSystem(source, target);
            } else {
                moveAcrossFileSystems(source, target);
            }
        } finally {
            journal.end(entry);
        }
    }

    private void moveWithinFileSystem(Path source, Path target) throws IOException {
        try {
            files.createLink(target, source);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            if (e instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            files.renameNoReplace(source, target);
            files.syncDirectory(target.getParent());
            return;
        } catch (FileSystemException e) {
            if (!linksUnsupported(e)) {
                undoHalfMadeLink(target, source, e);
                throw e;
            }
            files.renameNoReplace(source, target);
            files.syncDirectory(target.getParent());
            return;
        }
        files.syncDirectory(target.getParent());
        removeSourceOrUndo(source, target);
    }

    private void moveAcrossFileSystems(Path source, Path target) throws IOException {
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
        removeSourceOrUndo(source, target);
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
        syncQuietly(source.getParent());
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
