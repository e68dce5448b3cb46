package org.photoorganizer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.move.MoveJournal;

class LibraryIndexTest {
    @TempDir
    Path library;

    private Path indexFile() {
        return library.resolve(".photo-organizer").resolve(LibraryIndex.FILE_NAME);
    }

    private static String md5(int n) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) n;
        bytes[0] = (byte) (n >> 8);
        return HexFormat.of().formatHex(bytes);
    }

    private LibraryIndex.Entry put(LibraryIndex index, String relative, int n) throws IOException {
        return index.put(library.resolve(relative), 1000 + n, 1_700_000_000_000L + n, md5(n),
                Optional.of(new ImageFingerprint(n, 3, 4000, 3000, 24)), Area.LIBRARY);
    }

    @Test
    void releasingTheCacheEmptiesItAndLaterLookupsReadTheRowsAgain() throws Exception {
        int rows = 20_000;
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            index.inTransaction(() -> {
                for (int i = 0; i < rows; i++) {
                    put(index, String.format("2024/08_Aug/photo %05d with a name as long as a phone's.jpg", i), i);
                }
            });
        }
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            for (int i = 0; i < rows; i++) {
                index.findByPath(library.resolve(String.format("2024/08_Aug/photo %05d with a name as long as a "
                        + "phone's.jpg", i))).orElseThrow();
            }
            assertThat(index.cachedBytes()).as("pages cached by the lookups").isGreaterThanOrEqualTo(1 << 20);

            index.releaseCache();

            assertThat(index.cachedBytes()).isZero();
            assertThat(index.findByPath(library.resolve("2024/08_Aug/photo 12345 with a name as long as a phone's.jpg"))
                    .orElseThrow().size()).isEqualTo(1000 + 12345);
            assertThat(index.count()).isEqualTo(rows);
        }
    }

    @Test
    void rowsAndMovesInFlightSurviveAReopen() throws Exception {
        long move;
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);
            put(index, "2024/08_Aug/b.jpg", 2);
            index.put(library.resolve("Duplicates/b.0001.mp4"), 1002, 1, md5(2), Optional.empty(), Area.DUPLICATES);
            move = index.begin(library.resolve("in/c.jpg"), library.resolve("2024/08_Aug/c.jpg"), 77);
        }

        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            assertThat(index.count()).isEqualTo(3);
            assertThat(index.findBySizeAndMd5(1002, md5(2))).extracting(LibraryIndex.Entry::area)
                    .containsExactly(Area.LIBRARY, Area.DUPLICATES);
            LibraryIndex.Entry a = index.findByPath(library.resolve("2024/08_Aug/a.jpg")).orElseThrow();
            assertThat(a).isEqualTo(new LibraryIndex.Entry(a.id(), library.resolve("2024/08_Aug/a.jpg"), 1001,
                    1_700_000_000_001L, md5(1), Optional.of(new ImageFingerprint(1, 3, 4000, 3000, 24)), Area.LIBRARY));
            assertThat(index.findById(a.id())).contains(a);
            assertThat(index.pending()).containsExactly(new MoveJournal.Entry(move, library.resolve("in/c.jpg"),
                    library.resolve("2024/08_Aug/c.jpg"), 77));
            List<Long> fingerprinted = new ArrayList<>();
            index.forEachFingerprinted(entry -> fingerprinted.add(entry.id()));
            assertThat(fingerprinted).hasSize(2);
            index.end(move);
            assertThat(index.pending()).isEmpty();
        }
    }

    @Test
    void aPutReplacesThePathsRowAndKeepsItsIdButARemovedRowsIdIsNotGivenAgainWhileRunning() throws Exception {
        // The similarity lookup remembers ids while the service runs; after a restart it is loaded anew.
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            long first = put(index, "2024/08_Aug/a.jpg", 1).id();
            assertThat(put(index, "2024/08_Aug/a.jpg", 2).id()).isEqualTo(first);
            assertThat(index.findBySizeAndMd5(1001, md5(1))).as("the old size and MD5 are gone").isEmpty();
            List<Long> fingerprinted = new ArrayList<>();
            index.forEachLibraryFingerprint((id, phash, version) -> fingerprinted.add(phash));
            assertThat(fingerprinted).containsExactly(2L);
            index.remove(library.resolve("2024/08_Aug/a.jpg"));
            long second = put(index, "2024/08_Aug/b.jpg", 3).id();
            assertThat(second).isGreaterThan(first);
            index.remove(library.resolve("2024/08_Aug/b.jpg"));
            assertThat(put(index, "2024/08_Aug/c.jpg", 4).id()).isGreaterThan(second);
        }
    }

    @Test
    void aBatchThatFailsKeepsNoneOfItsWrites() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);

            assertThatThrownBy(() -> index.inTransaction(() -> {
                put(index, "2024/08_Aug/b.jpg", 2);
                index.remove(library.resolve("2024/08_Aug/a.jpg"));
                throw new IOException("disk trouble");
            })).hasMessage("disk trouble");

            assertThat(index.count()).isEqualTo(1);
            assertThat(index.findByPath(library.resolve("2024/08_Aug/a.jpg"))).isPresent();
            assertThat(index.findBySizeAndMd5(1002, md5(2))).isEmpty();
        }
    }

    @Test
    void linkMovesAreCommittedTogetherAndNothingWaitsAfterTheBatch() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            long before = index.storeForTests().store.getCurrentVersion();
            for (int i = 0; i < 100; i++) {
                long id = index.beginLink(library.resolve("in/" + i + ".jpg"), library.resolve("2024/08_Aug/" + i + ".jpg"),
                        1000 + i);
                int n = i;
                index.end(id, () -> put(index, "2024/08_Aug/" + n + ".jpg", n));
            }
            assertThat(index.storeForTests().store.getCurrentVersion() - before).as("commits for 100 moves")
                    .isLessThan(10);

            index.flush();

            assertThat(index.storeForTests().store.hasUnsavedChanges()).isFalse();
            assertThat(index.pending()).isEmpty();
            assertThat(index.count()).isEqualTo(100);
        }
    }

    @Test
    void theEndOfAMoveAndItsRowAreWrittenTogetherOrNotAtAll() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            long done = index.begin(library.resolve("in/a.jpg"), library.resolve("2024/08_Aug/a.jpg"), 1001);
            index.end(done, () -> put(index, "2024/08_Aug/a.jpg", 1));
            long failed = index.begin(library.resolve("in/b.jpg"), library.resolve("2024/08_Aug/b.jpg"), 1002);

            assertThatThrownBy(() -> index.end(failed, () -> {
                put(index, "2024/08_Aug/b.jpg", 2);
                throw new IOException("disk trouble");
            })).hasMessage("disk trouble");

            assertThat(index.findByPath(library.resolve("2024/08_Aug/a.jpg"))).isPresent();
            assertThat(index.findByPath(library.resolve("2024/08_Aug/b.jpg"))).isEmpty();
            // Still journaled: the next start finishes that move and indexes it.
            assertThat(index.pending()).extracting(MoveJournal.Entry::id).containsExactly(failed);
        }
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            assertThat(index.count()).isEqualTo(1);
            assertThat(index.pending()).hasSize(1);
        }
    }

    @Test
    void whatWasWrittenSurvivesAKill9ButAnUnfinishedBatchLeavesNothing() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classpath, IndexCrashMain.class.getName(), indexFile().toString(), library.toString())
                .redirectErrorStream(true).redirectOutput(library.resolve("child.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(library.resolve("child.txt"))).isEqualTo(IndexCrashMain.HALTED);

        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            assertThat(index.count()).isEqualTo(IndexCrashMain.ROWS);
            assertThat(index.pending()).hasSize(1);
            assertThat(index.findByPath(library.resolve("batch/0.jpg"))).isEmpty();
        }
    }

    @Test
    void anIdleIndexNeverTouchesItsFileAndRunsNoThread() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            for (int i = 0; i < 50; i++) {
                put(index, "2024/08_Aug/" + i + ".jpg", i);
            }
            FileTime written = Files.getLastModifiedTime(indexFile());
            long size = Files.size(indexFile());
            Thread.sleep(1500);

            assertThat(Files.getLastModifiedTime(indexFile())).isEqualTo(written);
            assertThat(Files.size(indexFile())).isEqualTo(size);
            assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(thread ->
                    assertThat(thread.getName()).containsAnyOf("MVStore", "H2-"));
        }
    }

    @Test
    void anIndexFileNobodyTouchedIsNotStartedOver() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);
            index.end(index.begin(library.resolve("in/b.jpg"), library.resolve("2024/08_Aug/b.jpg"), 1));

            assertThat(index.startOverIfLost()).isEmpty();
            assertThat(index.count()).isEqualTo(1);
        }
    }

    @Test
    void aDeletedIndexFileIsStartedOverWithNewIdsAndTheMovesInFlight() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            long old = put(index, "2024/08_Aug/a.jpg", 1).id();
            long move = index.begin(library.resolve("in/b.jpg"), library.resolve("2024/08_Aug/b.jpg"), 5);
            Files.delete(indexFile());

            assertThat(index.startOverIfLost()).hasValueSatisfying(what -> assertThat(what).contains("was deleted"));

            assertThat(indexFile()).isRegularFile();
            assertThat(index.count()).isZero();
            assertThat(index.findById(old)).isEmpty();
            assertThat(put(index, "2024/08_Aug/a.jpg", 1).id()).isGreaterThan(old);
            assertThat(index.pending()).extracting(MoveJournal.Entry::id).containsExactly(move);
            assertThat(index.startOverIfLost()).isEmpty();
        }
        try (LibraryIndex reopened = LibraryIndex.open(indexFile(), library)) {
            assertThat(reopened.count()).as("the new index is the file now").isEqualTo(1);
        }
    }

    @Test
    void anIndexFileReplacedByABackupIsStartedOverAndTheBackupKeptAside() throws Exception {
        Path backup = library.resolve("backup.mv");
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);
            Files.copy(indexFile(), backup);
            put(index, "2024/08_Aug/b.jpg", 2);
            Files.copy(backup, indexFile(), StandardCopyOption.REPLACE_EXISTING);

            assertThat(index.startOverIfLost()).hasValueSatisfying(what -> assertThat(what).contains("replaced"));

            assertThat(index.count()).isZero();
            assertThat(indexFile().resolveSibling(LibraryIndex.FILE_NAME + ".replaced")).hasSameBinaryContentAs(backup);
        }
    }

    @Test
    void anIndexFileOverwrittenInPlaceIsNoticedToo() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);
            byte[] older = Files.readAllBytes(indexFile());
            put(index, "2024/08_Aug/b.jpg", 2);
            Object inode = Files.readAttributes(indexFile(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Files.write(indexFile(), older);
            assertThat(Files.readAttributes(indexFile(), java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                    .as("same file, other content").isEqualTo(inode);

            assertThat(index.startOverIfLost()).isPresent();

            assertThat(index.count()).isZero();
        }
    }

    @Test
    void anUnreadableIndexFileIsSetAsideAndAnEmptyIndexStarted() throws Exception {
        Files.createDirectories(indexFile().getParent());
        byte[] garbage = "SQLite format 3\0 or anything else that is not an index".repeat(200).getBytes();
        Files.write(indexFile(), garbage);

        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            assertThat(index.startedOver()).hasValueSatisfying(why -> assertThat(why).contains("unreadable"));
            assertThat(index.count()).isZero();
            put(index, "2024/08_Aug/a.jpg", 1);
        }
        assertThat(Files.readAllBytes(indexFile().resolveSibling(LibraryIndex.FILE_NAME + ".unreadable")))
                .isEqualTo(garbage);
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            assertThat(index.startedOver()).isEmpty();
            assertThat(index.count()).isEqualTo(1);
        }
    }

    @Test
    void theSqliteIndexOfVersion110IsRemoved() throws Exception {
        Path state = Files.createDirectories(indexFile().getParent());
        Files.writeString(state.resolve("index.db"), "SQLite format 3\0");
        Files.writeString(state.resolve("index.db-wal"), "wal");
        Files.writeString(state.resolve("index.db-shm"), "shm");

        assertThat(LibraryIndex.removeLegacyIndex(state)).isTrue();

        try (var left = Files.list(state)) {
            assertThat(left).isEmpty();
        }
        assertThat(LibraryIndex.removeLegacyIndex(state)).isFalse();
    }

    @Test
    void aDryRunWorksOnACopyAndNeverWritesTheIndexFileEvenWhileTheServiceHoldsIt() throws Exception {
        try (LibraryIndex running = LibraryIndex.open(indexFile(), library)) {
            put(running, "2024/08_Aug/a.jpg", 1);
            byte[] before = Files.readAllBytes(indexFile());
            FileTime modified = Files.getLastModifiedTime(indexFile());
            Path copy;
            try (LibraryIndex dryRun = LibraryIndex.scratchCopyOf(indexFile(), library, new org.photoorganizer.fs.NioFileOps())) {
                assertThat(dryRun.findBySizeAndMd5(1001, md5(1))).hasSize(1);
                put(dryRun, "2024/08_Aug/b.jpg", 2);
                dryRun.remove(library.resolve("2024/08_Aug/a.jpg"));
                assertThat(dryRun.count()).isEqualTo(1);
                try (var temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                    copy = temp.filter(p -> p.getFileName().toString().startsWith("photo-organizer-dry-run-"))
                            .findFirst().orElseThrow();
                }
            }

            assertThat(copy).doesNotExist();
            assertThat(Files.readAllBytes(indexFile())).isEqualTo(before);
            assertThat(Files.getLastModifiedTime(indexFile())).isEqualTo(modified);
            assertThat(running.count()).isEqualTo(1);
            assertThat(running.findByPath(library.resolve("2024/08_Aug/a.jpg"))).isPresent();
        }
    }

    @Test
    void anInMemoryIndexCanBeFilledFromAFileAnotherIndexHolds() throws Exception {
        try (LibraryIndex running = LibraryIndex.open(indexFile(), library);
             LibraryIndex memory = LibraryIndex.inMemory(library)) {
            put(running, "2024/08_Aug/a.jpg", 1);
            long id = put(running, "2024/08_Aug/b.jpg", 2).id();

            memory.restoreFrom(indexFile());

            assertThat(memory.count()).isEqualTo(2);
            assertThat(memory.findById(id).orElseThrow().path()).isEqualTo(library.resolve("2024/08_Aug/b.jpg"));
            assertThat(put(memory, "2024/08_Aug/c.jpg", 3).id()).as("ids go on after the copied ones")
                    .isGreaterThan(id);
        }
    }

    @Test
    void aStoreThatFailedToWriteIsReopenedWithWhatItHadCommitted() throws Exception {
        try (LibraryIndex index = LibraryIndex.open(indexFile(), library)) {
            put(index, "2024/08_Aug/a.jpg", 1);
            // What the store does when a write fails (disk full): it refuses everything from then on.
            assertThatThrownBy(() -> index.storeForTests().store.panic(DataUtils.newMVStoreException(
                    DataUtils.ERROR_WRITING_FAILED, "No space left on device")))
                    .hasMessageContaining("No space left");
            assertThatThrownBy(() -> index.storeForTests().store.commit()).hasMessageContaining("No space left");

            put(index, "2024/08_Aug/b.jpg", 2);

            assertThat(index.count()).isEqualTo(2);
        }
    }

    @Test
    void aSecondProcessCannotOpenTheIndexAServiceHolds() throws Exception {
        try (LibraryIndex running = LibraryIndex.open(indexFile(), library)) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", classpath, IndexCrashMain.class.getName(), indexFile().toString(),
                    library.toString()).redirectErrorStream(true)
                    .redirectOutput(library.resolve("second.txt").toFile()).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(Files.readString(library.resolve("second.txt"))).contains("in use by another process");
            assertThat(running.count()).isZero();
        }
    }
}
