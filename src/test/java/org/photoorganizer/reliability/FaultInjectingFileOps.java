package org.photoorganizer.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.photoorganizer.fs.FileOps;

/**
 * The real file system with faults on demand and a count of every call, for tests of the {@link FileOps}
 * seam. A fault is matched by operation and by the operation's first path; its action may do part of
 * the real work (through the delegate it is given) before it throws, which is how a rename or link
 * "failing half-way" is staged. An action that returns normally lets the real operation go ahead.
 */
final class FaultInjectingFileOps implements FileOps {

    enum Op { ATTRIBUTES, EXISTS, OPEN_READ, CREATE_DIRECTORIES, CREATE_LINK, RENAME, COPY, DELETE,
        DELETE_EMPTY_DIRECTORY, SYNC_DIRECTORY, SAME_FILE_SYSTEM, LIST }

    /** What a fault does instead of (or before) the operation; {@code second} is null for one-path calls. */
    @FunctionalInterface
    interface Action {
        void run(FileOps real, Path first, Path second) throws IOException;
    }

    private record Fault(Op op, Predicate<Path> first, AtomicInteger remaining, Action action) {}

    private final FileOps real;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Op, AtomicLong> calls = new EnumMap<>(Op.class);
    private final List<String> fired = new CopyOnWriteArrayList<>();
    private volatile boolean crossFileSystem;

    FaultInjectingFileOps(FileOps real) {
        this.real = real;
        for (Op op : Op.values()) {
            calls.put(op, new AtomicLong());
        }
    }

    /** Injects a fault that fires {@code times} times on matching calls. */
    FaultInjectingFileOps inject(Op op, Predicate<Path> first, int times, Action action) {
        faults.add(new Fault(op, first, new AtomicInteger(times), action));
        return this;
    }

    /** Makes every source and target look as if they lived on different file systems. */
    FaultInjectingFileOps crossFileSystem(boolean cross) {
        this.crossFileSystem = cross;
        return this;
    }

    long calls(Op op) {
        return calls.get(op).get();
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** A description of each fault that fired, so a test can prove its fault was reached. */
    List<String> fired() {
        return List.copyOf(fired);
    }

    static Action fail(IOException e) {
        return (real, first, second) -> {
            throw e;
        };
    }

    private void before(Op op, Path first, Path second) throws IOException {
        calls.get(op).incrementAndGet();
        for (Fault fault : faults) {
            if (fault.op() == op && fault.first().test(first) && fault.remaining().getAndDecrement() > 0) {
                fired.add(op + " " + first + (second == null ? "" : " " + second));
                // One fault per call, so faults queued on the same operation fire on successive calls.
                fault.action().run(real, first, second);
                return;
            }
        }
    }

    private void unchecked(Op op, Path first) {
        try {
            before(op, first, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        before(Op.ATTRIBUTES, path, null);
        return real.attributes(path);
    }

    @Override
    public java.time.Instant lastChanged(Path path) throws IOException {
        before(Op.ATTRIBUTES, path, null);
        return real.lastChanged(path);
    }

    @Override
    public java.util.Optional<java.time.Instant> statusChanged(Path path) throws IOException {
        before(Op.ATTRIBUTES, path, null);
        return real.statusChanged(path);
    }

    @Override
    public boolean exists(Path path) {
        unchecked(Op.EXISTS, path);
        return real.exists(path);
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        before(Op.OPEN_READ, file, null);
        return real.openRead(file);
    }

    @Override
    public SeekableByteChannel openChannel(Path file) throws IOException {
        before(Op.OPEN_READ, file, null);
        return real.openChannel(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        before(Op.CREATE_DIRECTORIES, dir, null);
        real.createDirectories(dir);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        before(Op.CREATE_LINK, link, existing);
        real.createLink(link, existing);
    }

    @Override
    public void renameNoReplace(Path source, Path target) throws IOException {
        before(Op.RENAME, source, target);
        real.renameNoReplace(source, target);
    }

    @Override
    public void copyToNewFile(Path source, Path target) throws IOException {
        before(Op.COPY, source, target);
        real.copyToNewFile(source, target);
    }

    @Override
    public void delete(Path path) throws IOException {
        before(Op.DELETE, path, null);
        real.delete(path);
    }

    @Override
    public boolean deleteEmptyDirectory(Path dir) throws IOException {
        before(Op.DELETE_EMPTY_DIRECTORY, dir, null);
        return real.deleteEmptyDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        before(Op.SYNC_DIRECTORY, dir, null);
        real.syncDirectory(dir);
    }

    @Override
    public boolean sameFileSystem(Path a, Path b) throws IOException {
        before(Op.SAME_FILE_SYSTEM, a, b);
        return !crossFileSystem && real.sameFileSystem(a, b);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        before(Op.LIST, dir, null);
        return real.list(dir);
    }
}
