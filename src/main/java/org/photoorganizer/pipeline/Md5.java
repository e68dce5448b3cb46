package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.photoorganizer.fs.FileContent;

/**
 * A file's MD5, read at most once and only when something needs it: an exact copy can only have the same size,
 * so an incoming file whose size no library file has is filed without reading it again for an MD5 (its index row
 * gets it later, when a lookup or the background reading needs it). Thread-safe: it may be read on an inspecting
 * thread and used on the pipeline thread.
 */
final class Md5 {
    private final Path file;
    private final FileContent content;
    private String value;

    private Md5(Path file, FileContent content, String value) {
        this.file = file;
        this.content = content;
        this.value = value;
    }

    /** Reads {@code file}'s MD5 when first asked. */
    static Md5 of(Path file, FileContent content) {
        return new Md5(file, content, null);
    }

    /** An MD5 already known (a library file's, from its index row). */
    static Md5 known(String hex) {
        return new Md5(null, null, hex);
    }

    /** The MD5, read now if it was not yet. */
    synchronized String get() throws IOException {
        if (value == null) {
            value = content.md5(file);
        }
        return value;
    }

    /** The MD5 if it was read, else null: what an index row is given. */
    synchronized String ifRead() {
        return value;
    }
}
