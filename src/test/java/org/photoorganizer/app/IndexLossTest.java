package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.config.Config;
import org.photoorganizer.config.ConfigLoader;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.index.LibraryIndex;

/**
 * The index file deleted or restored from a backup while the service runs: noticed before the next file,
 * rebuilt from the library, and no file judged against what the library no longer holds.
 */
class IndexLossTest {
    private static final LocalDateTime FIRST = LocalDateTime.of(2024, 8, 14, 13, 47, 57);
    private static final LocalDateTime SECOND = LocalDateTime.of(2024, 9, 15, 10, 11, 12);

    @TempDir
    Path temp;
    OrganizerRun folders;
    PhotoOrganizerService service;

    @BeforeEach
    void setUp() throws Exception {
        folders = new OrganizerRun(temp);
    }

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
    }

    private void start() throws Exception {
        Config config = new ConfigLoader(List.of(), false, temp).load(Optional.of(folders.config), Optional.empty(),
                Optional.empty());
        service = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream())).service();
        service.prepareWithBackgroundScan();
        service.startWatching();
    }

    private Path indexFile() {
        return folders.dest.resolve(".photo-organizer").resolve(LibraryIndex.FILE_NAME);
    }

    private boolean systemLogSays(String text) {
        return Files.exists(folders.dest.resolve("system_log.csv"))
                && folders.systemLog().stream().anyMatch(row -> row.get(4).contains(text));
    }

    @Test
    void anIndexDeletedWhileRunningIsRebuiltAndACopyOfALibraryPhotoUnderAnotherNameIsStillADuplicate()
            throws Exception {
        // Kept under a name of the user's choosing: only the index can tell that a copy is already there.
        Path kept = Jpegs.builder().size(160, 120).seed(5).dateTimeOriginal(FIRST)
                .writeTo(folders.dest.resolve("2024/08_Aug/kept.jpg"));
        start();
        await(() -> systemLogSays("Library index complete"));

        Files.delete(indexFile());
        Path copy = folders.source.resolve("copy.jpg");
        Files.copy(kept, copy);
        await(() -> !Files.exists(copy));

        assertThat(folders.events("Duplicate Deleted")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).endsWith("kept.jpg"));
        assertThat(indexFile()).as("the rebuilt index is on disk, not in a deleted file").isRegularFile();
        assertThat(systemLogSays("was deleted while the service was running; it is rebuilt from the library"))
                .isTrue();
        service.close();
        service = null;
        try (LibraryIndex index = LibraryIndex.open(indexFile(), folders.dest)) {
            assertThat(index.findByPath(kept)).isPresent();
        }
    }

    @Test
    void anIndexRestoredFromAnOlderBackupIsRebuiltAndNothingIsJudgedAgainstWhatIsNoLongerThere() throws Exception {
        Jpegs.Builder first = Jpegs.builder().size(320, 240).seed(11).dateTimeOriginal(FIRST);
        Path firstInLibrary = first.writeTo(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg"));
        start();
        await(() -> systemLogSays("Library index complete"));
        byte[] backup = Files.readAllBytes(indexFile());

        // Since the backup, the user replaced the photo by another picture of the same name, and added one
        // under a name of their own.
        Jpegs.builder().size(320, 240).seed(99).writeTo(firstInLibrary);
        Path kept = Jpegs.builder().size(160, 120).seed(12).dateTimeOriginal(SECOND)
                .writeTo(folders.dest.resolve("2024/09_Sep/kept.jpg"));
        // Restored in place, as cp does: the same file, the old content.
        Files.write(indexFile(), backup);
        Path smaller = Jpegs.builder().image(Jpegs.scaled(first.picture(), 160, 120)).dateTimeOriginal(FIRST)
                .writeTo(folders.source.resolve("smaller version of the replaced photo.jpg"));
        Path copy = folders.source.resolve("copy of the added photo.jpg");
        Files.copy(kept, copy);
        await(() -> !Files.exists(smaller) && !Files.exists(copy));

        assertThat(folders.events("Similar image")).as("the replaced photo is not there to be similar to").isEmpty();
        assertThat(folders.events("Error")).isEmpty();
        assertThat(folders.events("File moved")).singleElement()
                .satisfies(row -> assertThat(row.get(7)).isEqualTo("20240814_134757_A.jpg"));
        assertThat(folders.events("Duplicate Deleted")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).endsWith("kept.jpg"));
        assertThat(systemLogSays("was replaced or changed by another program")).isTrue();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
