package org.photoorganizer.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The real file system, through java.nio. */
public final class NioFileOps implements FileOps {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
    }

    @Override
    public java.util.Optional<java.time.Instant> statusChanged(Path path) throws IOException {
        try {
            return java.util.Optional.of(((FileTime) Files.getAttribute(path, "unix:ctime", NO_FOLLOW)).toInstant());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, NO_FOLLOW);
    }

    /** java.io's stat: a missing name is a false, where NIO throws (and fills in) a NoSuchFileException first. */
    @Override
    public boolean existsThroughLinks(Path path) {
        if (path.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            return Files.exists(path);
        }
        return path.toFile().exists();
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        // NOFOLLOW_LINKS on open: a symlink swapped in after the check is refused, not followed.
        return Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public SeekableByteChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        // Mostly the folder is there already: one stat, where Files.createDirectories first tries mkdir and
        // builds a FileAlreadyExistsException, stack trace and all, for every file filed into the folder.
        if (!Files.isDirectory(dir, NO_FOLLOW)) {
            Files.createDirectories(dir);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Files.createLink(link, existing);
    }

    @Override
    public void renameNoReplace(Path source, Path target) throws IOException {
        // rename(2) would replace silently; the check narrows the window to writers other than us,
        // and this path is taken only on file systems without hard links.
        if (Files.exists(target, NO_FOLLOW)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void copyToNewFile(Path source, Path target) throws IOException {
        FileTime modified = Files.getLastModifiedTime(source, NO_FOLLOW);
        try (InputStream in = openRead(source);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream stream = Channels.newOutputStream(out);
            in.transferTo(stream);
            stream.flush();
            out.force(true);
        }
        Files.setLastModifiedTime(target, modified);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.delete(path);
    }

    @Override
    public boolean deleteEmptyDirectory(Path dir) throws IOException {
        try {
            if (!Files.isDirectory(dir, NO_FOLLOW)) {
                return false;
            }
            Files.delete(dir);
            return true;
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on folders; the data itself was already forced.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    @Override
    public boolean sameFileSystem(Path a, Path b) throws IOException {
        try {
            Object devA = Files.getAttribute(a, "unix:dev", NO_FOLLOW);
            Object devB = Files.getAttribute(b, "unix:dev", NO_FOLLOW);
            return Objects.equals(devA, devB);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getFileStore(a).equals(Files.getFileStore(b));
        }
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }
}
