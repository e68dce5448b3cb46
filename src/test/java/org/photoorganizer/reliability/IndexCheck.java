package org.photoorganizer.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;

/**
 * The index must tell the truth about the library once the service has stopped: no move left in the
 * journal, a row for every file, the row's size and MD5 those of the file, no row for a vanished file.
 * A wrong MD5 is how a duplicate slips into the library twice.
 */
final class IndexCheck {
    private IndexCheck() {}

    static List<String> problems(Path dest) throws IOException {
        try (LibraryIndex index = LibraryIndex.open(dest.resolve(".photo-organizer").resolve(LibraryIndex.FILE_NAME), dest)) {
            return problems(dest, index);
        }
    }

    /** The same check on the index a running service holds (the store file is locked while it runs). */
    static List<String> problems(Path dest, LibraryIndex index) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> onDisk = ContentInvariant.destinationFiles(dest);
        FileContent content = new FileContent(new NioFileOps());
        if (!index.pending().isEmpty()) {
            problems.add("moves still in the journal: " + index.pending());
        }
        for (Path file : onDisk) {
            Optional<LibraryIndex.Entry> row = index.findByPath(file);
            if (row.isEmpty()) {
                problems.add("not in the index: " + dest.relativize(file));
            } else if (row.get().size() != Files.size(file) || !row.get().md5().equals(content.md5(file))) {
                problems.add("the index row of " + dest.relativize(file) + " does not match the file's content");
            }
        }
        if (index.count() != onDisk.size()) {
            problems.add("the index has " + index.count() + " rows for " + onDisk.size() + " files");
        }
        return problems;
    }
}
