package org.photoorganizer.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;

class SafeMoverTest {
    @TempDir
    Path temp;
    Path source;
    Path target;
    final byte[] photo = "pretend this is a photo".getBytes();

    @BeforeEach
    void setUp() throws Exception {
        source = Files.write(Files.createDirectories(temp.resolve("in")).resolve("photo.jpg"), photo);
    }

    private SafeMover mover(FileOps files, List<String> journal) {
        return new SafeMover(files, new FileContent(files), new RecordingJournal(journal));
    }

    @Test
    void movesWithinAFileSystemKeepingTheModificationTime() throws Exception {
        FileTime modified = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(source, modified);
        target = temp.resolve("lib/2024/08_Aug/x.jpg");
        List<String> journal = new ArrayList<>();

        mover(new NioFileOps(), journal).move(source, target);

        assertThat(source).doesNotExist();
        assertThat(target).hasBinaryContent(photo);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(modified);
        assertThat(journal).as("a link's entry is not forced to the disk on its own")
                .containsExactly("begin link " + source + " -> " + target, "end");
    }

    @Test
    void theLibraryNameIsOnTheDiskBeforeTheInboxNameGoesWhoseFolderIsSyncedOncePerBatch() throws Exception {
        List<String> calls = new ArrayList<>();
        FileOps recording = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public void syncDirectory(Path dir) throws IOException {
                calls.add("sync " + temp.relativize(dir));
                super.syncDirectory(dir);
            }

            @Override
            public void delete(Path path) throws IOException {
                calls.add("delete " + temp.relativize(path));
                super.delete(path);
            }
        };
        SafeMover mover = mover(recording, new ArrayList<>());
        Path second = Files.write(temp.resolve("in/second.jpg"), "another photo".getBytes());

        mover.move(source, temp.resolve("lib/a/x.jpg"));
        mover.move(second, temp.resolve("lib/b/y.jpg"));
        assertThat(calls).containsExactly("sync lib/a", "delete in/photo.jpg", "sync lib/b", "delete in/second.jpg");

        mover.flush();
        assertThat(calls).endsWith("delete in/second.jpg", "sync in");
        mover.flush();
        assertThat(calls).filteredOn(call -> call.equals("sync in")).hasSize(1);
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesTheMoveDoneAndJournaledUntilTheNextMove() throws Exception {
        target = temp.resolve("lib/x.jpg");
        List<String> journal = new ArrayList<>();
        SafeMover mover = mover(new NioFileOps(), journal);

        assertThat(mover.move(source, target, null, () -> {
            throw new IOException("index disk full");
        })).isNotNull();

        assertThat(source).doesNotExist();
        assertThat(target).hasBinaryContent(photo);
        assertThat(journal).containsExactly("begin link " + source + " -> " + target);

        Path second = Files.write(temp.resolve("in/second.jpg"), "another photo".getBytes());
        mover.move(second, temp.resolve("lib/y.jpg"));
        assertThat(journal).startsWith("begin link " + source + " -> " + target, "end");
    }

    @Test
    void neverReplacesAnExistingFile() throws Exception {
        target = Files.writeString(Files.createDirectories(temp.resolve("lib")).resolve("x.jpg"), "other photo");

        assertThatThrownBy(() -> mover(new NioFileOps(), new ArrayList<>()).move(source, target))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(source).hasBinaryContent(photo);
        assertThat(target).hasContent("other photo");
    }

    @Test
    void acrossFileSystemsCopiesVerifiesAndLeavesNoTemporaryFile() throws Exception {
        target = temp.resolve("lib/x.jpg");

        mover(new OtherFileSystem(new NioFileOps()), new ArrayList<>()).move(source, target);

        assertThat(source).doesNotExist();
        assertThat(target).hasBinaryContent(photo);
        assertThat(SafeMover.temporaryFor(target)).doesNotExist();
    }

    @Test
    void aCopyThatComesOutDifferentIsThrownAwayAndTheSourceStays() throws Exception {
        target = temp.resolve("lib/x.jpg");
        FileOps corrupting = new OtherFileSystem(new NioFileOps()) {
            @Override
            public void copyToNewFile(Path from, Path to) throws IOException {
                super.copyToNewFile(from, to);
                Files.write(to, "bit rot".getBytes(), java.nio.file.StandardOpenOption.APPEND);
            }
        };

        assertThatThrownBy(() -> mover(corrupting, new ArrayList<>()).move(source, target))
                .hasMessageContaining("differs");

        assertThat(source).hasBinaryContent(photo);
        assertThat(target).doesNotExist();
        assertThat(SafeMover.temporaryFor(target)).doesNotExist();
    }

    @Test
    void whenTheSourceCannotBeRemovedTheTargetIsUndoneSoThePhotoExistsOnce() throws Exception {
        target = temp.resolve("lib/x.jpg");
        FileOps readOnlyInbox = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public void delete(Path path) throws IOException {
                if (path.equals(source)) {
                    throw new AccessDeniedException(path.toString());
                }
                super.delete(path);
            }
        };

        assertThatThrownBy(() -> mover(readOnlyInbox, new ArrayList<>()).move(source, target))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(source).hasBinaryContent(photo);
        assertThat(target).doesNotExist();
    }

    @Test
    void aSourceDeletedBySomeoneElseAfterTheLinkLeavesTheTargetAsTheOneCopy() throws Exception {
        target = temp.resolve("lib/x.jpg");
        FileOps userDeletesFirst = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public void delete(Path path) throws IOException {
                if (path.equals(source)) {
                    Files.delete(path);
                    throw new java.nio.file.NoSuchFileException(path.toString());
                }
                super.delete(path);
            }
        };

        mover(userDeletesFirst, new ArrayList<>()).move(source, target);

        assertThat(target).hasBinaryContent(photo);
    }

    @Test
    void aSourceReplacedBeforeItCouldBeRemovedKeepsTheMovedPhotoAtTheTarget() throws Exception {
        target = temp.resolve("lib/x.jpg");
        FileOps replacedAndLocked = new OtherFileSystem(new NioFileOps()) {
            @Override
            public void delete(Path path) throws IOException {
                if (path.equals(source)) {
                    Files.writeString(path, "a different photo");
                    throw new AccessDeniedException(path.toString());
                }
                super.delete(path);
            }
        };

        assertThatThrownBy(() -> mover(replacedAndLocked, new ArrayList<>()).move(source, target))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(target).hasBinaryContent(photo);
        assertThat(source).hasContent("a different photo");
    }

    @Test
    void withoutHardLinksItRenamesInstead() throws Exception {
        target = temp.resolve("lib/x.jpg");
        FileOps noLinks = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public void createLink(Path link, Path existing) {
                throw new UnsupportedOperationException("no hard links here");
            }
        };

        mover(noLinks, new ArrayList<>()).move(source, target);

        assertThat(source).doesNotExist();
        assertThat(target).hasBinaryContent(photo);
    }

    /** Writes more into the source at the last step before its inbox name would be removed. */
    private FileOps writtenIntoBeforeTheDelete(FileOps real, byte[] more) {
        return new ForwardingFileOps(real) {
            private boolean done;

            @Override
            public void syncDirectory(Path dir) throws IOException {
                super.syncDirectory(dir);
                if (!done && dir.equals(target.getParent())) {
                    done = true;
                    Files.write(source, more, java.nio.file.StandardOpenOption.APPEND);
                }
            }

            @Override
            public boolean sameFileSystem(Path a, Path b) throws IOException {
                return real.sameFileSystem(a, b);
            }
        };
    }

    @Test
    void acrossFileSystemsASourceWrittenIntoAfterItWasCopiedIsNeverDeleted() throws Exception {
        target = temp.resolve("lib/x.jpg");
        SourceState read = SourceState.of(Files.readAttributes(source, BasicFileAttributes.class));
        FileOps files = writtenIntoBeforeTheDelete(new OtherFileSystem(new NioFileOps()), " and its last part".getBytes());

        assertThatThrownBy(() -> mover(files, new ArrayList<>()).move(source, target, read))
                .isInstanceOf(SourceChangedException.class).hasMessageContaining("left in place");

        assertThat(source).hasContent("pretend this is a photo and its last part");
        assertThat(target).doesNotExist();
        assertThat(SafeMover.temporaryFor(target)).doesNotExist();
    }

    @Test
    void withinAFileSystemASourceWrittenIntoAfterItWasLinkedKeepsOnlyItsInboxName() throws Exception {
        target = temp.resolve("lib/x.jpg");
        SourceState read = SourceState.of(Files.readAttributes(source, BasicFileAttributes.class));
        FileOps files = writtenIntoBeforeTheDelete(new NioFileOps(), " and its last part".getBytes());

        assertThatThrownBy(() -> mover(files, new ArrayList<>()).move(source, target, read))
                .isInstanceOf(SourceChangedException.class);

        assertThat(source).hasContent("pretend this is a photo and its last part");
        assertThat(target).doesNotExist();
    }

    @Test
    void aSourceThatChangedBetweenHashingAndTheMoveIsNotDeleted() throws Exception {
        target = temp.resolve("lib/x.jpg");
        // What was hashed: the file as it was before its writer added the rest.
        SourceState hashed = SourceState.of(Files.readAttributes(source, BasicFileAttributes.class));
        Files.write(source, " more".getBytes(), java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> mover(new OtherFileSystem(new NioFileOps()), new ArrayList<>())
                .move(source, target, hashed)).isInstanceOf(SourceChangedException.class);

        assertThat(source).hasContent("pretend this is a photo more");
        assertThat(target).doesNotExist();
    }

    @Test
    void aSourceReplacedAfterTheCopyLeavesTheCopiedPhotoInTheLibraryAndTheNewOneInTheInbox() throws Exception {
        target = temp.resolve("lib/x.jpg");
        SourceState read = SourceState.of(Files.readAttributes(source, BasicFileAttributes.class));
        FileOps files = new OtherFileSystem(new NioFileOps()) {
            @Override
            public void syncDirectory(Path dir) throws IOException {
                super.syncDirectory(dir);
                if (dir.equals(target.getParent()) && Files.exists(target)) {
                    Path next = source.resolveSibling("next.part");
                    Files.writeString(next, "another photo under the same name");
                    Files.move(next, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };

        assertThat(mover(files, new ArrayList<>()).move(source, target, read)).isEqualTo(SafeMover.Moved.COPIED);

        assertThat(target).hasBinaryContent(photo);
        assertThat(source).hasContent("another photo under the same name");
    }

    @Test
    void oneFileSystemSeenThroughTwoMountsIsCopiedWhenItRefusesTheLink() throws Exception {
        target = temp.resolve("lib/x.jpg");
        // A bind mount: the same device number on both sides, yet link(2) answers EXDEV.
        FileOps bindMounted = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public void createLink(Path link, Path existing) throws IOException {
                if (existing.equals(source)) {
                    throw new java.nio.file.FileSystemException(existing.toString(), link.toString(),
                            "Invalid cross-device link");
                }
                super.createLink(link, existing);
            }
        };

        List<String> journal = new ArrayList<>();
        assertThat(mover(bindMounted, journal).move(source, target)).isEqualTo(SafeMover.Moved.COPIED);

        assertThat(source).doesNotExist();
        assertThat(target).hasBinaryContent(photo);
        assertThat(journal).as("the copy's entry (it names a temporary file) is forced to the disk").containsExactly(
                "begin link " + source + " -> " + target, "end", "begin " + source + " -> " + target, "end");
    }

    @Test
    void aCopyToAnotherFileSystemIsJournaledDurably() throws Exception {
        target = temp.resolve("lib/x.jpg");
        List<String> journal = new ArrayList<>();

        mover(new OtherFileSystem(new NioFileOps()), journal).move(source, target);

        assertThat(journal).containsExactly("begin " + source + " -> " + target, "end");
    }

    /** Records journal calls. */
    private static final class RecordingJournal implements MoveJournal {
        private final List<String> calls;

        RecordingJournal(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public long begin(Path source, Path target, long size) {
            calls.add("begin " + source + " -> " + target);
            return 1;
        }

        @Override
        public long beginLink(Path source, Path target, long size) {
            calls.add("begin link " + source + " -> " + target);
            return 1;
        }

        @Override
        public void end(long id) {
            calls.add("end");
        }

        @Override
        public List<Entry> pending() {
            return List.of();
        }
    }

    /** Pretends the target lies on another file system, forcing the copy path. */
    static class OtherFileSystem extends ForwardingFileOps {
        OtherFileSystem(FileOps real) {
            super(real);
        }

        @Override
        public boolean sameFileSystem(Path a, Path b) {
            return false;
        }
    }
}
