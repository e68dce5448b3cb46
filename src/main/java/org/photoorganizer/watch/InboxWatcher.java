package org.photoorganizer.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
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
import java.nio.file.attribute.BasicFileAttributes;
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
 * at once) is answered by rescanning the whole inbox.
 *
 * <p>The inbox's own name is watched too, in its parent folder: when the inbox is renamed away, removed or
 * replaced by a new folder of the same name, the watcher notices at once (an event, no polling), drops the
 * old folder and watches the new one, and says so. Only when the parent cannot be watched either (the file
 * system under both was unmounted) does it look for the inbox's return with a growing pause (up to a
 * minute), the only time it polls.
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
    /** The inbox folder being watched (its file key), to tell a new folder of the same name from it. */
    private Object rootIdentity;
    /** The inbox's parent folder, watched for the inbox's own name; null when it cannot be watched. */
    private WatchKey parentKey;
    private boolean rootMissing;
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
        watchParent();
        rootIdentity = identity(root);
        registerAndScan(root);
        thread.start();
    }

    private void watchParent() {
        Path parent = root.getParent();
        if (parent == null) {
            return;
        }
        try {
            parentKey = parent.register(watchService, ENTRY_CREATE, ENTRY_DELETE);
        } catch (IOException | ClosedWatchServiceException e) {
            parentKey = null;
        }
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
            if (key == parentKey) {
                boolean aboutTheInbox = key.pollEvents().stream().anyMatch(event -> event.kind() == OVERFLOW
                        || root.getFileName().equals(event.context()));
                if (!key.reset()) {
                    parentKey = null;
                }
                if (aboutTheInbox || parentKey == null) {
                    checkRoot();
                }
                continue;
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
                    checkRoot();
                }
            }
        }
    }

    /**
     * The inbox's name changed in its parent, or its watch ended: is the folder under that name still the one
     * watched? Gone: say so and wait (for the parent's event, or by polling when the parent is not watched).
     * Another folder: drop the old one's watches and watch the new one.
     */
    private void checkRoot() {
        Object now = identity(root);
        if (now == null) {
            if (!rootMissing) {
                rootMissing = true;
                dropTree();
                systemEvents.on(SystemEvent.warning("The source folder " + root + " was removed or renamed;"
                        + " waiting for it to return"));
            }
            if (parentKey == null) {
                awaitRoot();
            }
            return;
        }
        if (now.equals(rootIdentity) && !rootMissing) {
            return;
        }
        boolean wasMissing = rootMissing;
        dropTree();
        rootIdentity = now;
        rootMissing = false;
        if (parentKey == null) {
            watchParent();
        }
        systemEvents.on(SystemEvent.info(wasMissing ? "The source folder " + root + " is back; watching it again"
                : "The source folder " + root + " was replaced by another folder (renamed away and recreated, or"
                + " remounted); watching the new one"));
        rescan();
    }

    /** Stops watching the folders of an inbox that is gone or was replaced: their events no longer mean it. */
    private void dropTree() {
        synchronized (folders) {
            folders.keySet().forEach(WatchKey::cancel);
            folders.clear();
        }
    }

    private static Object identity(Path dir) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
            return attributes.isDirectory() ? java.util.Objects.requireNonNullElse(attributes.fileKey(), dir) : null;
        } catch (IOException e) {
            return null;
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

    /** Neither the inbox nor its parent can be watched (unmounted): look for the inbox with a growing pause. */
    private void awaitRoot() {
        long pauseMillis = 1000;
        while (!closed && identity(root) == null) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
            pauseMillis = Math.min(pauseMillis * 2, MAX_MISSING_ROOT_PAUSE.toMillis());
        }
        if (!closed) {
            checkRoot();
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
