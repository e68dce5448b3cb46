package org.photoorganizer.dedupe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;

/**
 * Finds a library file with exactly the bytes of an incoming file, anywhere in the library: the index
 * narrows the search by size and MD5 (reading on the spot the MD5 of a library file of that size it has
 * only listed so far), and a byte-for-byte comparison confirms it. Rows whose file is gone are dropped on
 * the way.
 */
public final class ExactCopyFinder {
    private final LibraryIndex index;
    private final FileOps files;
    private final FileContent content;

    public ExactCopyFinder(LibraryIndex index, FileOps files, FileContent content) {
        this.index = index;
        this.files = files;
        this.content = content;
    }

    public Optional<LibraryIndex.Entry> find(Path incoming, long size, String md5) throws IOException {
        return find(incoming, size, md5, entry -> true);
    }

    public Optional<LibraryIndex.Entry> find(Path incoming, long size, String md5, Predicate<LibraryIndex.Entry> which)
            throws IOException {
        for (LibraryIndex.Entry entry : index.findBySizeAndMd5(size, md5)) {
            if (!which.test(entry)) {
                continue;
            }
            if (!files.exists(entry.path())) {
                index.remove(entry.path());
                continue;
            }
            if (content.sameBytes(incoming, entry.path())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
