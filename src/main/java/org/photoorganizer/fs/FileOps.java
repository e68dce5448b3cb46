package org.photoorganizer.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Every file-system operation the service performs on photos, in one seam so tests can inject
 * faults (full disk, permission denied, a file vanishing or changing between two steps, a rename
 * failing half-way) and count accesses.
 *
 * <p>No operation ever follows a symbolic link or replaces an existing file.
 */
public interface FileOps {

    /** Attributes of the path itself, never of a link's target. */
    BasicFileAttributes attributes(Path path) throws IOException;

    boolean exists(Path path);

    /**
     * Whether {@code path} names a file or folder, a symbolic link counting as what it leads to (a link to nothing
     * is nothing). For probing names that are mostly not there: {@link #exists} builds an exception for every
     * missing name, this need not.
     */
    default boolean existsThroughLinks(Path path) {
        return exists(path) && (!Files.isSymbolicLink(path) || Files.exists(path));
    }

    /**
     * When the file last changed in any way: its status-change time (ctime, which a writer cannot set back)
     * where the file system keeps one, else its modification time; the later of the two.
     */
    default java.time.Instant lastChanged(Path path) throws IOException {
        java.time.Instant modified = attributes(path).lastModifiedTime().toInstant();
        return statusChanged(path).filter(changed -> changed.isAfter(modified)).orElse(modified);
    }

    /**
     * The file's status-change time (ctime): set by the file system to now on every write, rename or change
     * of its attributes, and by no one else; empty where the file system keeps none.
     */
    default java.util.Optional<java.time.Instant> statusChanged(Path path) throws IOException {
        return java.util.Optional.empty();
    }

    InputStream openRead(Path file) throws IOException;

    /**
     * Opens {@code file} for reading at any position (metadata, structure checks and decoders read only
     * the parts they need: a header, a tail, an IFD at the end of a raw file). Read-only; never follows
     * a symbolic link.
     */
    SeekableByteChannel openChannel(Path file) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /**
     * Makes {@code link} a second name for {@code existing}; atomic, and fails with
     * {@link java.nio.file.FileAlreadyExistsException} when {@code link} exists.
     *
     * @throws UnsupportedOperationException when the file system has no hard links
     */
    void createLink(Path link, Path existing) throws IOException;

    /**
     * Renames within one file system, failing with {@link java.nio.file.FileAlreadyExistsException}
     * if the target exists. Used only where hard links are unsupported.
     */
    void renameNoReplace(Path source, Path target) throws IOException;

    /** Copies into a new file (never replacing one), keeps the modification time, and forces it to disk. */
    void copyToNewFile(Path source, Path target) throws IOException;

    void delete(Path path) throws IOException;

    /** Deletes {@code dir} if it is an empty folder; false when it is not empty or not there. */
    boolean deleteEmptyDirectory(Path dir) throws IOException;

    /** Forces a folder's entries to disk, so a rename or link survives a power cut. */
    void syncDirectory(Path dir) throws IOException;

    /** True when both paths live on the same file system, so a link or rename between them is possible. */
    boolean sameFileSystem(Path a, Path b) throws IOException;

    /** The entries of a folder, sorted by name. */
    List<Path> list(Path dir) throws IOException;
}
