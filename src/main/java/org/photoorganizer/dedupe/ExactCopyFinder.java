package org.photoorganizer.dedupe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;

/**
 * Finds a library file with exactly the bytes of an incoming file, anywhere in the library: the index
 * narrows the search by size, then, only when many library files have that size, by MD5 (reading on the spot
 * the MD5 of a library file of that size it has only listed so far); a byte-for-byte comparison confirms it.
 * Rows whose file is gone are dropped on the way.
 */
public final class ExactCopyFinder {
    /** Up to this many library files of an incoming file's size are compared byte for byte without MD5s. */
    static final int DIRECT_COMPARISONS = 4;
    /**
     * Bytes compared to tell a likely copy ({@link #likelyFinds}): two photos of one size differ within these
     * (their EXIF dates and thumbnails, or their first picture data when they have no EXIF).
     */
    public static final int LIKELY_COPY_PREFIX = 16 * 1024;

    private final LibraryIndex index;
    private final FileOps files;
    private final FileContent content;

    public ExactCopyFinder(LibraryIndex index, FileOps files, FileContent content) {
        this.index = index;
        this.files = files;
        this.content = content;
    }

    /** The incoming file's MD5, read only when many library files have its size. */
    @FunctionalInterface
    public interface Md5Source {
        String md5() throws IOException;
    }

    /**
     * True when a library file of {@code size} begins with the same {@value #LIKELY_COPY_PREFIX} bytes as
     * {@code incoming}: {@link #find} will most likely find it a copy. A hint for what to read ahead, never a
     * verdict. Reads the index only. False, without reading, when many library files have the size (raw files of
     * one camera): the size then says little, and only the MD5s would.
     */
    public boolean likelyFinds(Path incoming, long size) throws IOException {
        List<LibraryIndex.Entry> sameSize = index.findBySize(size);
        if (sameSize.size() > DIRECT_COMPARISONS) {
            return false;
        }
        for (LibraryIndex.Entry entry : sameSize) {
            try {
                if (content.sameStart(incoming, entry.path(), LIKELY_COPY_PREFIX)) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // Its row is dropped by find.
            }
        }
        return false;
    }

    public Optional<LibraryIndex.Entry> find(Path incoming, long size, Md5Source md5) throws IOException {
        return find(incoming, size, md5, entry -> true);
    }

    public Optional<LibraryIndex.Entry> find(Path incoming, long size, Md5Source md5,
                                             Predicate<LibraryIndex.Entry> which) throws IOException {
        List<LibraryIndex.Entry> sameSize = index.findBySize(size);
        if (sameSize.isEmpty()) {
            return Optional.empty();
        }
        // A few files of the same size: their bytes are compared directly (two photos differ in their first
        // kilobytes, a copy is read once); many (uncompressed raw files all have one size): the MD5s narrow
        // the search first.
        boolean direct = sameSize.size() <= DIRECT_COMPARISONS;
        for (LibraryIndex.Entry entry : direct ? sameSize : index.findBySizeAndMd5(size, md5.md5())) {
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
