package org.photoorganizer.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files were already reported as skipped or failed, so each gets one log row and a failed file
 * is not tried again until it changes. Only the {@value #REMEMBERED_FILES} most recently used are
 * kept: a watcher that runs for years must not grow without bound, and a file forgotten this way is
 * at worst reported a second time.
 */
final class ReportedFiles {
    private static final int REMEMBERED_FILES = 10_000;

    private final Set<Path> skipped = Collections.newSetFromMap(boundedMap());
    private final Map<Path, Failure> failed = boundedMap();

    /** How a file was when it failed, the row it got, and whether it is retried without changing. */
    private record Failure(FileSnapshot state, String message, boolean retried) {}

    /** True the first time a file is skipped. */
    boolean firstSkip(Path file) {
        return skipped.add(file);
    }

    /** True when the file failed before, has not changed since, and is not one that is retried as it is. */
    boolean failedUnchanged(Path file, FileSnapshot now) {
        Failure failure = failed.get(file);
        return failure != null && !failure.retried() && now.equals(failure.state());
    }

    /** True when this very failure of this unchanged file already has its row (a retry that failed again). */
    boolean alreadyReported(Path file, FileSnapshot now, String message) {
        Failure failure = failed.get(file);
        return failure != null && now.equals(failure.state()) && message.equals(failure.message());
    }

    /** True when the file failed and is remembered as such (its state was readable when it failed). */
    boolean hasFailed(Path file) {
        return failed.containsKey(file);
    }

    void failed(Path file, FileSnapshot state, String message, boolean retried) {
        failed.put(file, new Failure(state, message, retried));
    }

    void forgetFailure(Path file) {
        failed.remove(file);
    }

    List<Path> failedFiles() {
        return List.copyOf(failed.keySet());
    }

    private static <V> Map<Path, V> boundedMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, V> eldest) {
                return size() > REMEMBERED_FILES;
            }
        };
    }
}
