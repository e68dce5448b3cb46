package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file name the service cannot write as text (not valid UTF-8: an old Windows or camera-card name copied
 * byte for byte) would be read under one name and logged, dated and compared under another. Such a file is
 * left untouched with one clear Error row instead of a wrong date or a false note.
 */
final class NameEncoding {
    private NameEncoding() {}

    /** Throws when {@code file}'s path does not survive being turned into text and back. */
    static void requireText(Path file) throws IOException {
        if (!survivesAsText(file)) {
            throw new IOException("the name is not valid UTF-8 (" + file.getFileName()
                    + "): rename it; left in place, untouched");
        }
    }

    static boolean survivesAsText(Path file) {
        try {
            return file.getFileSystem().getPath(file.toString()).equals(file);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
