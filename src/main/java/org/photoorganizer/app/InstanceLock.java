package org.photoorganizer.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One service per library and per inbox. Two of them on the same folders would file the same video twice and
 * report hundreds of false errors, so each start takes an OS file lock ({@link FileChannel#tryLock}) on a file
 * in the library's state folder and on a hidden file in the inbox; a second service finds them taken and
 * refuses to start. The OS releases the locks when the process ends in any way, kill -9 and power cut
 * included: there is never a stale lock to clean up (the files themselves stay and mean nothing).
 */
final class InstanceLock implements AutoCloseable {
    static final String LIBRARY_LOCK = "instance.lock";
    static final String INBOX_LOCK = ".photo-organizer.lock";

    /** Another service holds one of the locks; the message says which folder and, if known, which process. */
    static final class AlreadyRunning extends Exception {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    private final List<FileChannel> channels;

    private InstanceLock(List<FileChannel> channels) {
        this.channels = channels;
    }

    static InstanceLock acquire(Path stateDir, Path library, Path inbox) throws AlreadyRunning, IOException {
        List<FileChannel> taken = new ArrayList<>();
        try {
            Files.createDirectories(stateDir);
            taken.add(lock(stateDir.resolve(LIBRARY_LOCK), "the library " + library));
            taken.add(lock(inbox.resolve(INBOX_LOCK), "the inbox " + inbox));
            return new InstanceLock(taken);
        } catch (AlreadyRunning | IOException | RuntimeException e) {
            closeAll(taken);
            throw e;
        }
    }

    private static FileChannel lock(Path file, String what) throws AlreadyRunning, IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw new IOException("Cannot lock " + file + " to make sure no other Photo Organizer works on " + what
                    + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new AlreadyRunning("Another Photo Organizer is already running on " + what + holder
                    + ". Only one may work on a library or an inbox at a time: stop the other one first"
                    + " (Package Center, or the process that was started by hand).");
        }
        // Who holds it, for the next one's message; informative only, the OS lock is what counts.
        String me = "process " + ProcessHandle.current().pid() + ", started " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        return channel;
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        closeAll(channels);
    }

    private static void closeAll(List<FileChannel> channels) {
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases the lock; a failure here leaves it to the process's end.
            }
        }
    }
}
