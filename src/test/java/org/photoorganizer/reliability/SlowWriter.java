package org.photoorganizer.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A writer as a NAS inbox really gets them (an SMB client on Wi-Fi, a phone backup app, a laptop that goes
 * to sleep): it copies a file in chunks and stalls in the middle, longer than the settle time. It either keeps
 * its handle open through the stalls, or reopens the file for each chunk and appends, as some clients do.
 *
 * <p>Runs in the test's JVM or as a process of its own: {@code SlowWriter FROM TO handle|append STALL_MILLIS}.
 * It stalls twice, at a third and at two thirds of the file, and prints "done" when the last byte is written.
 */
public final class SlowWriter {
    private static final int CHUNK = 16 * 1024;
    private static final long CHUNK_PAUSE_MILLIS = 5;

    private SlowWriter() {}

    public static void main(String[] args) throws Exception {
        write(Files.readAllBytes(Path.of(args[0])), Path.of(args[1]), args[2].equals("append"),
                Long.parseLong(args[3]));
        System.out.println("done");
    }

    static void write(byte[] content, Path target, boolean reopenPerChunk, long stallMillis)
            throws IOException, InterruptedException {
        int[] stallsAt = {content.length / 3, content.length * 2 / 3};
        if (reopenPerChunk) {
            Files.write(target, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            int written = 0;
            while (written < content.length) {
                int end = nextEnd(written, content.length, stallsAt);
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    out.write(Arrays.copyOfRange(content, written, end));
                }
                written = end;
                pause(written, stallsAt, stallMillis);
            }
            return;
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            int written = 0;
            while (written < content.length) {
                int end = nextEnd(written, content.length, stallsAt);
                out.write(content, written, end - written);
                out.flush();
                written = end;
                pause(written, stallsAt, stallMillis);
            }
        }
    }

    /** The end of the next chunk: a chunk never runs over a stall point, so the stall happens exactly there. */
    private static int nextEnd(int written, int length, int[] stallsAt) {
        int end = Math.min(written + CHUNK, length);
        for (int stall : stallsAt) {
            if (written < stall && end > stall) {
                end = stall;
            }
        }
        return end;
    }

    private static void pause(int written, int[] stallsAt, long stallMillis) throws InterruptedException {
        for (int stall : stallsAt) {
            if (written == stall) {
                Thread.sleep(stallMillis);
                return;
            }
        }
        Thread.sleep(CHUNK_PAUSE_MILLIS);
    }
}
