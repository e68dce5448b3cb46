package org.photoorganizer.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Passes every call to another {@link FileOps}; tests subclass it and override what they break or count. */
public class ForwardingFileOps implements FileOps {
    private final FileOps real;

    public ForwardingFileOps(FileOps real) {
        this.real = real;
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return real.attributes(path);
    }

    @Override
    public java.time.Instant lastChanged(Path path) throws IOException {
        return real.lastChanged(path);
    }

    @Override
    public java.util.Optional<java.time.Instant> statusChanged(Path path) throws IOException {
        return real.statusChanged(path);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return real.openRead(file);
    }

    @Override
    public SeekableByteChannel openChannel(Path file) throws IOException {
        return real.openChannel(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        real.createDirectories(dir);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        real.createLink(link, existing);
    }

    @Override
    public void renameNoReplace(Path source, Path target) throws IOException {
        real.renameNoReplace(source, target);
    }

    @Override
    public void copyToNewFile(Path source, Path target) throws IOException {
        real.copyToNewFile(source, target);
    }

    @Override
    public void delete(Path path) throws IOException {
        real.delete(path);
    }

    @Override
    public boolean deleteEmptyDirectory(Path dir) throws IOException {
        return real.deleteEmptyDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
    }

    @Override
    public boolean sameFileSystem(Path a, Path b) throws IOException {
        return real.sameFileSystem(a, b);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }
}
