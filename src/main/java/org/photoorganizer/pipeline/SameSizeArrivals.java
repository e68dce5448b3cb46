package org.photoorganizer.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Inbox files read ahead and not yet through the pipeline, by size: a folder that holds a photo and a copy of it
 * (a phone backup's "IMG_1234 (1).JPG", two overlapping exports) sends both at once, and the later one is then
 * most likely an exact copy of a file the pipeline is about to file. Remembers the first file of each size; at
 * most {@value #REMEMBERED} sizes (a file read ahead but never taken, gone before it settled, is forgotten in
 * time). Thread-safe: inspecting threads ask, the pipeline thread forgets.
 */
final class SameSizeArrivals {
    static final int REMEMBERED = 4096;

    private final Map<Long, Path> firstOfSize = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Path> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** An earlier arrival of {@code size} that is not {@code file}; else notes {@code file} as the first. */
    synchronized Optional<Path> earlierOf(Path file, long size) {
        Path first = firstOfSize.putIfAbsent(size, file);
        return first == null || first.equals(file) ? Optional.empty() : Optional.of(first);
    }

    /** {@code file} went through the pipeline (or failed): a later file of its size looks in the library. */
    synchronized void forget(Path file, long size) {
        firstOfSize.remove(size, file);
    }
}
