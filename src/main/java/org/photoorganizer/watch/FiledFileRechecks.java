package org.photoorganizer.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.photoorganizer.fs.FileOps;

/**
 * Library files that were filed by a link or rename on the quiet time alone (their format has no
 * completeness rule): a writer that still had the inbox file open now writes into the library file. Each is
 * looked at a few times (after 10 s, 1 min and 10 min); if its size or modification time changed, it is
 * reported so its index row can be fixed. Nothing is looked at once those times have passed.
 */
public final class FiledFileRechecks {
    static final List<Duration> AFTER = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10));

    private final FileOps files;
    private final ScheduledExecutorService scheduler;
    private final List<Duration> after;
    private final Consumer<Path> changed;
    private volatile boolean closed;

    public FiledFileRechecks(FileOps files, ScheduledExecutorService scheduler, Consumer<Path> changed) {
        this(files, scheduler, AFTER, changed);
    }

    FiledFileRechecks(FileOps files, ScheduledExecutorService scheduler, List<Duration> after, Consumer<Path> changed) {
        this.files = files;
        this.scheduler = scheduler;
        this.after = List.copyOf(after);
        this.changed = changed;
    }

    public void add(Path libraryFile) {
        try {
            look(libraryFile, state(files.attributes(libraryFile)), 0, Duration.ZERO);
        } catch (IOException e) {
            // Gone already: nothing to keep an eye on.
        }
    }

    public void close() {
        closed = true;
    }

    private void look(Path file, String state, int attempt, Duration elapsed) {
        if (closed || attempt >= after.size()) {
            return;
        }
        Duration wait = after.get(attempt).minus(elapsed);
        scheduler.schedule(() -> {
            if (closed) {
                return;
            }
            String now;
            try {
                now = state(files.attributes(file));
            } catch (IOException e) {
                return;
            }
            if (!now.equals(state)) {
                changed.accept(file);
            }
            look(file, now, attempt + 1, after.get(attempt));
        }, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private static String state(BasicFileAttributes attributes) {
        return attributes.size() + "/" + attributes.lastModifiedTime().toMillis() + "/" + attributes.fileKey();
    }
}
