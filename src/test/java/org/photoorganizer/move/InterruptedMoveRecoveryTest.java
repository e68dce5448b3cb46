package org.photoorganizer.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;

/** Each state a crash can leave a journaled move in, and what a restart makes of it. */
class InterruptedMoveRecoveryTest {
    @TempDir
    Path temp;
    LibraryIndex index;
    Path source;
    Path target;
    final NioFileOps files = new NioFileOps();
    final java.util.List<org.photoorganizer.logging.SystemEvent> problems = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path library = Files.createDirectories(temp.resolve("lib"));
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.db"), library);
        source = Files.writeString(Files.createDirectories(temp.resolve("in")).resolve("a.jpg"), "photo");
        target = Files.createDirectories(library.resolve("2024/08_Aug")).resolve("20240814_134757.jpg");
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private java.util.List<InterruptedMoveRecovery.Completed> recover() throws Exception {
        return new InterruptedMoveRecovery(files, new FileContent(files), index, problems::add).recover();
    }

    @Test
    void crashAfterTheLinkBeforeTheSourceWasRemovedCompletesTheMove() throws Exception {
        index.begin(source, target, 5);
        Files.createLink(target, source);

        assertThat(recover()).containsExactly(new InterruptedMoveRecovery.Completed(source, target));

        assertThat(source).doesNotExist();
        assertThat(target).hasContent("photo");
        assertThat(index.pending()).isEmpty();
    }

    @Test
    void crashBeforeAnythingHappenedLeavesTheSourceForProcessing() throws Exception {
        index.begin(source, target, 5);

        assertThat(recover()).isEmpty();

        assertThat(source).hasContent("photo");
        assertThat(target).doesNotExist();
        assertThat(index.pending()).isEmpty();
    }

    @Test
    void crashDuringACrossFileSystemCopyDropsTheHalfCopy() throws Exception {
        index.begin(source, target, 5);
        Files.writeString(SafeMover.temporaryFor(target), "pho");

        assertThat(recover()).isEmpty();

        assertThat(source).hasContent("photo");
        assertThat(SafeMover.temporaryFor(target)).doesNotExist();
        assertThat(target).doesNotExist();
    }

    @Test
    void aFinishedMoveIsReportedSoItCanBeIndexed() throws Exception {
        index.begin(source, target, 5);
        Files.move(source, target);

        assertThat(recover()).containsExactly(new InterruptedMoveRecovery.Completed(source, target));
        assertThat(target).hasContent("photo");
    }

    @Test
    void aDifferentFileAtTheTargetIsNeverTakenForTheMovedOne() throws Exception {
        index.begin(source, target, 5);
        Files.writeString(target, "someone else's photo");

        assertThat(recover()).isEmpty();

        assertThat(source).hasContent("photo");
        assertThat(target).hasContent("someone else's photo");
    }

    @Test
    void aLoneTemporaryCopyCutShortIsKeptHiddenAndNeverPassedOffAsThePhoto() throws Exception {
        index.begin(source, target, 5);
        Files.writeString(SafeMover.temporaryFor(target), "pho");
        Files.delete(source);

        assertThat(recover()).isEmpty();

        assertThat(target).doesNotExist();
        assertThat(SafeMover.temporaryFor(target)).hasContent("pho");
        assertThat(problems).singleElement().satisfies(e -> assertThat(e.message()).contains("incomplete"));
        assertThat(index.pending()).as("reported again at the next start").hasSize(1);
    }

    @Test
    void aLoneTemporaryCopyIsKeptUnderTheTargetName() throws Exception {
        index.begin(source, target, 5);
        Files.writeString(SafeMover.temporaryFor(target), "photo");
        Files.delete(source);

        recover();

        assertThat(target).hasContent("photo");
    }
}
