package org.photoorganizer.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the real file system and only pretends to change it, so that {@code --dry-run} runs exactly the
 * code of a real run and its plan is what a real run would do. Pretended files are remembered: a name
 * "taken" by one planned move is taken for the next file too.
 */
public final class DryRunFileOps implements FileOps {
    private final FileOps real;
    /** Pretended path → the real file whose content it would hold. */
    private final Map<Path, Path> pretended = new HashMap<>();
    private final Set<Path> pretendDeleted = new HashSet<>();

    public DryRunFileOps(FileOps real) {
        this.real = real;
    }

    private Path origin(Path path) throws NoSuchFileException {
        if (pretendDeleted.contains(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return pretended.getOrDefault(path, path);
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return real.attributes(origin(path));
    }

    @Override
    public java.time.Instant lastChanged(Path path) throws IOException {
        return real.lastChanged(origin(path));
    }

    @Override
    public java.util.Optional<java.time.Instant> statusChanged(Path path) throws IOException {
        return real.statusChanged(origin(path));
    }

    @Override
    public boolean exists(Path path) {
        return !pretendDeleted.contains(path) && (pretended.containsKey(path) || real.exists(path));
    }

    @Override
    public boolean existsThroughLinks(Path path) {
        return !pretendDeleted.contains(path) && (pretended.containsKey(path) || real.existsThroughLinks(path));
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return real.openRead(origin(file));
    }

    @Override
    public SeekableByteChannel openChannel(Path file) throws IOException {
        return real.openChannel(origin(file));
    }

    @Override
    public void createDirectories(Path dir) {
        // Pretended: the plan does not need the folder to exist.
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        pretendCreate(link, existing);
    }

    @Override
    public void renameNoReplace(Path source, Path target) throws IOException {
        pretendCreate(target, source);
        delete(source);
    }

    @Override
    public void copyToNewFile(Path source, Path target) throws IOException {
        pretendCreate(target, source);
    }

    private void pretendCreate(Path created, Path from) throws IOException {
        if (exists(created)) {
            throw new FileAlreadyExistsException(created.toString());
        }
        Path origin = origin(from);
        pretendDeleted.remove(created);
        pretended.put(created, origin);
    }

    @Override
    public void delete(Path path) throws IOException {
        if (!exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        pretended.remove(path);
        if (real.exists(path)) {
            pretendDeleted.add(path);
        }
    }

    @Override
    public boolean deleteEmptyDirectory(Path dir) {
        return false;
    }

    @Override
    public void syncDirectory(Path dir) {
        // Nothing was written.
    }

    @Override
    public boolean sameFileSystem(Path a, Path b) {
        return true;
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }
}
