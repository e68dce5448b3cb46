package org.photoorganizer.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The readiness signal for the package's start script ({@code --ready-file}): written once the index is
 * open and the inbox is watched, so "started" in Package Center means the service works, not merely that a
 * JVM was forked. The content is the pid, so a file left by an earlier run can never pass for this one.
 *
 * <p>Written to a temporary file in the same folder, forced to disk and renamed over the target: a reader
 * sees either no file or the whole line, never a half-written one.
 */
final class ReadyFile {
    private final Path file;

    ReadyFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** Writes {@code pid} followed by a newline, replacing any earlier file. */
    void write(long pid) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes the signal at shutdown, so a stopped service never looks ready. Never throws. */
    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The start script deletes it before each start anyway.
        }
    }
}
