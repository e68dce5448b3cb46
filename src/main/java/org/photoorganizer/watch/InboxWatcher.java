package org.photoorganizer.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;

/**
 * Watches the inbox and every folder below it, and reports each file that appears or changes.
 *
 * <p>Java's WatchService watches single folders, so each new sub-folder is registered as it appears
 * and then scanned, since files may land in it before the registration. An OVERFLOW (too many events
 * at once) is answered by rescanning the whole inbox. If the inbox itself is removed, the watcher
 * checks for its return with a growing pause (up to a minute), the only time it polls.
 */
public final class InboxWatcher implements Closeable {
    private static final Duration MAX_MISSING_ROOT_PAUSE = Duration.ofMinutes(1);

    private final Path root;
    private final FileClassifier classifier;
    private final InboxScanner scanner;
    private final Consumer<Path> onFile;
    private final SystemEventListener systemEvents;
    private final WatchService watchService;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    public InboxWatcher(Path root, FileClassifier classifier, Consumer<Path> onFile, SystemEventListener systemEvents)
            throws IOException {
        this.root = root;
        this.classifier = classifier;
        this.scanner = new InboxScanner(classifier);
        this.onFile = onFile;
        this.systemEvents = systemEvents;
        this.watchService = root.getFileSystem().newWatchService();
        this.thread = new Thread(this::run, "inbox-watcher");
        this.thread.setDaemon(true);
    }

    /** Registers the inbox, reports the files already in it, then reports changes until closed. */
    public void start() throws IOException {
        registerAndScan(root);
        thread.start();
    }

    /** Registers every folder below {@code dir} and reports the files in them. */
    private void registerAndScan(Path dir) throws IOException {
        scanner.scan(dir, onFile, this::register);
    }

    private void register(Path dir) {
        try {
            WatchKey key = dir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY);
            synchronized (folders) {
                folders.put(key, dir);
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // A folder that vanished or may not be read is simply not watched.
        }
    }

    private void run() {
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir;
            synchronized (folders) {
                dir = folders.get(key);
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW) {
                    systemEvents.on(SystemEvent.warning("Too many changes at once in " + root
                            + ": scanning the whole folder"));
                    rescan();
                    continue;
                }
                if (dir != null && event.context() instanceof Path name) {
                    handle(dir.resolve(name));
                }
            }
            if (!key.reset()) {
                synchronized (folders) {
                    folders.remove(key);
                }
                if (root.equals(dir)) {
                    awaitRoot();
                }
            }
        }
    }

    private void handle(Path path) {
        if (classifier.isIgnoredName(path.getFileName().toString())) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                registerAndScan(path);
            } catch (IOException e) {
                // Gone again before we could look: nothing to do.
            }
        } else {
            onFile.accept(path);
        }
    }

    private void rescan() {
        try {
            registerAndScan(root);
        } catch (IOException e) {
            systemEvents.on(SystemEvent.error("Cannot scan " + root + ": " + e.getMessage()));
        }
    }

    private void awaitRoot() {
        systemEvents.on(SystemEvent.warning("The source folder " + root + " was removed; waiting for it to return"));
        long pauseMillis = 1000;
        while (!closed && !Files.isDirectory(root)) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
            pauseMillis = Math.min(pauseMillis * 2, MAX_MISSING_ROOT_PAUSE.toMillis());
        }
        if (!closed) {
            systemEvents.on(SystemEvent.info("The source folder " + root + " is back; watching it again"));
            rescan();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        watchService.close();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
