package org.photoorganizer.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system of its own (tmpfs) mounted on a folder, so a test can fill it up, make it read-only
 * or give the service a second file system. Needs root and a system that allows mounts (CI runs as root); the
 * calling test is skipped where mounts are refused.
 */
final class SmallFileSystem implements AutoCloseable {
    final Path root;

    private SmallFileSystem(Path root) {
        this.root = root;
    }

    static SmallFileSystem mount(Path folder, String size) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString());
        assumeTrue(exit == 0, "cannot mount a tmpfs here (not root, or mounts refused): skipping");
        return new SmallFileSystem(folder);
    }

    /** True when this machine lets the tests mount a tmpfs. */
    static boolean available(Path scratch) {
        try {
            Files.createDirectories(scratch);
            if (run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", scratch.toString()) != 0) {
                return false;
            }
            run("umount", scratch.toString());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes the file system read-only for everything opened from now on (a read-only bind mount over it, as when
     * a share is switched to read-only); files already open, like the service's index, stay writable, as a
     * remount would not be allowed while they are open. {@code false} takes the bind mount away again.
     */
    void readOnly(boolean readOnly) throws IOException, InterruptedException {
        boolean done = readOnly
                ? run("mount", "--bind", root.toString(), root.toString()) == 0
                        && run("mount", "-o", "remount,ro,bind", root.toString()) == 0
                : run("umount", root.toString()) == 0;
        if (!done) {
            throw new IOException("cannot make " + root + (readOnly ? " read-only" : " writable"));
        }
    }

    /**
     * The share remounted: this file system is unmounted and {@code folder} is bind-mounted in its place, as
     * when a share comes back (unlocked, reconnected) with what it holds now.
     */
    void remountFrom(Path folder) throws IOException, InterruptedException {
        if (run("umount", root.toString()) != 0 || run("mount", "--bind", folder.toString(), root.toString()) != 0) {
            throw new IOException("cannot remount " + root + " from " + folder);
        }
    }

    /** Fills the file system up to {@code free} bytes left; returns the filler, whose deletion gives the space back. */
    Path fillLeaving(long free) throws IOException {
        Path filler = root.resolve("filler.bin");
        long available = Files.getFileStore(root).getUsableSpace();
        byte[] block = new byte[64 * 1024];
        long toWrite = Math.max(0, available - free);
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written < toWrite; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, toWrite - written));
            }
        }
        return filler;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", root.toString());
    }

    private static int run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
