package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.dedupe.similar.ImageQualityComparator;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;

/** The pipeline's decisions on real files, with the date source under the test's control. */
class PipelineTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @TempDir
    Path temp;
    Path inbox;
    Path library;
    LibraryIndex index;
    final List<PipelineEvent> events = new ArrayList<>();
    Optional<CaptureDate> date = Optional.of(CaptureDate.of(SHOT, CaptureDate.Source.EXIF_ORIGINAL));
    Pipeline pipeline;
    volatile boolean libraryUnreadable;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(temp.resolve("in"));
        library = Files.createDirectories(temp.resolve("lib"));
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.db"), library);
        org.photoorganizer.fs.FileOps files = new org.photoorganizer.fs.ForwardingFileOps(new NioFileOps()) {
            @Override
            public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws java.io.IOException {
                if (libraryUnreadable && path.startsWith(library)) {
                    throw new java.io.IOException("I/O error reading " + path);
                }
                return super.attributes(path);
            }
        };
        SimilarityIndex fingerprints = new SimilarityIndex();
        CaptureDateExtractor dates = (file, kind) -> date;
        pipeline = new Pipeline(new Pipeline.Settings(inbox, true, 10), files, new FileClassifier(), dates,
                new PerceptualFingerprinter(files), index, fingerprints, new ImageQualityComparator(),
                new PathPlanner(library, new FolderPattern("{yyyy}/{MM}_{Mmm}")),
                new SafeMover(files, new FileContent(files), index), events::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    @Test
    void withoutADateAFileGoesToNoDateFoundUnderItsOwnNameAndClashesGetLetters() throws Exception {
        date = Optional.empty();
        Path first = Jpegs.builder().size(64, 48).seed(1).writeTo(inbox.resolve("scan.jpg"));
        pipeline.process(first);
        Path second = Jpegs.builder().size(64, 48).seed(2).writeTo(inbox.resolve("sub/scan.jpg"));

        assertThat(pipeline.process(second)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(library.resolve("NoDateFound/scan.jpg")).isRegularFile();
        assertThat(library.resolve("NoDateFound/scan_A.jpg")).isRegularFile();
        assertThat(inbox.resolve("sub")).doesNotExist();
    }

    @Test
    void anInboxNameOfAFiledPhotoIsRemovedAndNothingElseChanges() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(3).writeTo(inbox.resolve("IMG_3.jpg"));
        byte[] bytes = Files.readAllBytes(photo);
        pipeline.process(photo);
        Path filed = library.resolve("2024/08_Aug/20240814_134757.jpg");
        // What a power cut can leave: the move's library name on the disk, the removal of its inbox name not.
        Path leftBehind = Files.createLink(inbox.resolve("IMG_3.jpg"), filed);

        assertThat(pipeline.process(leftBehind)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(leftBehind).doesNotExist();
        assertThat(filed).hasBinaryContent(bytes);
        assertThat(library.resolve("Duplicates")).doesNotExist();
        assertThat(events).filteredOn(PipelineEvent.Filed.class::isInstance).map(e -> (PipelineEvent.Filed) e)
                .last().satisfies(e -> {
                    assertThat(e.target()).isEqualTo(filed);
                    assertThat(e.note()).contains("interrupted");
                });
        assertThat(events).noneMatch(PipelineEvent.DuplicateDeleted.class::isInstance);
    }

    @Test
    void aSmallerSimilarVersionGoesToDuplicatesAndIsNeverDeleted() throws Exception {
        BufferedImage picture = Jpegs.picture(11, 800, 600);
        Jpegs.builder().image(picture).writeTo(inbox.resolve("big.jpg"));
        pipeline.process(inbox.resolve("big.jpg"));
        Path small = Files.write(inbox.resolve("small.jpg"), Jpegs.encode(Jpegs.scaled(picture, 200, 150), 0.7f));
        byte[] smallBytes = Files.readAllBytes(small);

        pipeline.process(small);

        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        Path aside = library.resolve("Duplicates/20240814_134757.0001.jpg");
        assertThat(aside).isRegularFile().hasBinaryContent(smallBytes);
        assertThat(events).filteredOn(PipelineEvent.SimilarImage.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.SimilarImage) e).better())
                        .isEqualTo(library.resolve("2024/08_Aug/20240814_134757.jpg")));
    }

    @Test
    void aBetterSimilarVersionTakesTheLibraryPlaceAndTheOldOneStepsAside() throws Exception {
        BufferedImage picture = Jpegs.picture(12, 800, 600);
        byte[] smallBytes = Jpegs.encode(Jpegs.scaled(picture, 200, 150), 0.7f);
        pipeline.process(Files.write(inbox.resolve("small.jpg"), smallBytes));
        byte[] bigBytes = Jpegs.builder().image(picture).bytes();

        pipeline.process(Files.write(inbox.resolve("big.jpg"), bigBytes));

        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).hasBinaryContent(bigBytes);
        assertThat(library.resolve("Duplicates/20240814_134757.0001.jpg")).hasBinaryContent(smallBytes);
        assertThat(index.findByPath(library.resolve("2024/08_Aug/20240814_134757.jpg")).orElseThrow().size())
                .isEqualTo(bigBytes.length);
        assertThat(index.findByPath(library.resolve("Duplicates/20240814_134757.0001.jpg")).orElseThrow().area())
                .isEqualTo(LibraryIndex.Area.DUPLICATES);
    }

    @Test
    void unrelatedPhotosOfTheSameSecondAreNotTakenForSimilar() throws Exception {
        pipeline.process(Jpegs.builder().size(400, 300).seed(21).writeTo(inbox.resolve("a.jpg")));
        pipeline.process(Jpegs.builder().size(400, 300).seed(22).writeTo(inbox.resolve("b.jpg")));

        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(library.resolve("2024/08_Aug/20240814_134757_A.jpg")).isRegularFile();
        assertThat(library.resolve("Duplicates")).doesNotExist();
    }

    @Test
    void aFailedFileIsReportedOnceUntilItChanges() throws Exception {
        Path empty = Files.createFile(inbox.resolve("empty.jpg"));

        assertThat(pipeline.process(empty)).isEqualTo(Pipeline.Outcome.FAILED);
        assertThat(pipeline.process(empty)).isEqualTo(Pipeline.Outcome.FAILED);
        assertThat(events).filteredOn(PipelineEvent.Failed.class::isInstance).hasSize(1);

        Jpegs.builder().size(64, 48).seed(3).writeTo(empty);
        assertThat(pipeline.process(empty)).isEqualTo(Pipeline.Outcome.HANDLED);
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws Exception {
        Path outside = Jpegs.builder().size(64, 48).seed(4).writeTo(temp.resolve("outside.jpg"));
        Path link = Files.createSymbolicLink(inbox.resolve("link.jpg"), outside);

        assertThat(pipeline.process(link)).isEqualTo(Pipeline.Outcome.SKIPPED);

        assertThat(outside).isRegularFile();
        assertThat(link).isSymbolicLink();
        assertThat(library.resolve("2024")).doesNotExist();
    }

    @Test
    void sidecarsTravelWithTheirPhotoUnderItsNewName() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(5).writeTo(inbox.resolve("IMG_1.JPG"));
        Files.writeString(inbox.resolve("IMG_1.xmp"), "<x:xmpmeta/>");
        Files.writeString(inbox.resolve("IMG_1.JPG.json"), "{}");
        Files.writeString(inbox.resolve("IMG_1.AAE"), "<plist/>");

        assertThat(pipeline.process(inbox.resolve("IMG_1.xmp"))).as("waits for its photo")
                .isEqualTo(Pipeline.Outcome.IGNORED);
        assertThat(pipeline.process(photo)).isEqualTo(Pipeline.Outcome.HANDLED);

        Path folder = library.resolve("2024/08_Aug");
        assertThat(folder.resolve("20240814_134757.JPG")).isRegularFile();
        assertThat(folder.resolve("20240814_134757.xmp")).hasContent("<x:xmpmeta/>");
        assertThat(folder.resolve("20240814_134757.JPG.json")).hasContent("{}");
        assertThat(folder.resolve("20240814_134757.AAE")).hasContent("<plist/>");
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void aSidecarThatIsALinkToNothingStaysBehind() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(5).writeTo(inbox.resolve("IMG_1.JPG"));
        Path dangling = Files.createSymbolicLink(inbox.resolve("IMG_1.xmp"), temp.resolve("gone.xmp"));
        Files.writeString(inbox.resolve("IMG_1.AAE"), "<plist/>");

        assertThat(pipeline.process(photo)).isEqualTo(Pipeline.Outcome.HANDLED);

        Path folder = library.resolve("2024/08_Aug");
        assertThat(folder.resolve("20240814_134757.JPG")).isRegularFile();
        assertThat(folder.resolve("20240814_134757.AAE")).hasContent("<plist/>");
        assertThat(folder.resolve("20240814_134757.xmp")).doesNotExist();
        assertThat(dangling).isSymbolicLink();
        assertThat(pipeline.process(dangling)).isEqualTo(Pipeline.Outcome.SKIPPED);
        assertThat(events).filteredOn(PipelineEvent.Skipped.class::isInstance)
                .anySatisfy(event -> assertThat(event.toString()).contains("IMG_1.xmp").containsIgnoringCase("link"));
    }

    @Test
    void theVideoOfALivePhotoTakesThePhotosNewName() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(6).writeTo(inbox.resolve("IMG_2.HEIC"));
        Path video = org.photoorganizer.fixtures.Mp4s.builder().quickTime().seed(6)
                .writeTo(inbox.resolve("IMG_2.MOV"));
        byte[] videoBytes = Files.readAllBytes(video);

        assertThat(pipeline.process(video)).isEqualTo(Pipeline.Outcome.IGNORED);
        assertThat(video).exists();
        pipeline.process(photo);

        assertThat(library.resolve("2024/08_Aug/20240814_134757.HEIC")).isRegularFile();
        assertThat(library.resolve("2024/08_Aug/20240814_134757.MOV")).hasBinaryContent(videoBytes);
        assertThat(index.findByPath(library.resolve("2024/08_Aug/20240814_134757.MOV"))).isPresent();
    }

    @Test
    void theVideoOfALivePhotoWhosePhotoFailsIsFiledOnItsOwn() throws Exception {
        Path photo = Files.createFile(inbox.resolve("IMG_3.HEIC"));
        Path video = org.photoorganizer.fixtures.Mp4s.builder().quickTime().seed(3)
                .writeTo(inbox.resolve("IMG_3.MOV"));

        assertThat(pipeline.process(video)).isEqualTo(Pipeline.Outcome.IGNORED);
        assertThat(pipeline.process(photo)).isEqualTo(Pipeline.Outcome.FAILED);

        assertThat(photo).exists();
        assertThat(video).doesNotExist();
        assertThat(library.resolve("2024/08_Aug/20240814_134757.MOV")).isRegularFile();
        assertThat(pipeline.process(photo)).as("still the same failed photo").isEqualTo(Pipeline.Outcome.FAILED);
    }

    @Test
    void aSidecarWithoutItsPhotoIsLeftAndReportedOnce() throws Exception {
        Path lonely = Files.writeString(inbox.resolve("lonely.xmp"), "x");

        assertThat(pipeline.process(lonely)).isEqualTo(Pipeline.Outcome.SKIPPED);
        assertThat(pipeline.process(lonely)).isEqualTo(Pipeline.Outcome.SKIPPED);

        assertThat(lonely).exists();
        assertThat(events).filteredOn(PipelineEvent.Skipped.class::isInstance).hasSize(1);
    }

    @Test
    void theSidecarOfADeletedDuplicateJoinsTheKeptCopy() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(7).writeTo(inbox.resolve("a.jpg"));
        byte[] bytes = Files.readAllBytes(photo);
        pipeline.process(photo);
        Files.write(inbox.resolve("b.jpg"), bytes);
        Files.writeString(inbox.resolve("b.xmp"), "edits");

        pipeline.process(inbox.resolve("b.jpg"));

        assertThat(library.resolve("2024/08_Aug/20240814_134757.xmp")).hasContent("edits");
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void rememberingWhatWasReportedIsBoundedSoALongRunningWatcherDoesNotGrow() throws Exception {
        Path first = Files.writeString(inbox.resolve("notes-0.txt"), "x");
        pipeline.process(first);
        for (int i = 1; i <= 10_000; i++) {
            pipeline.process(Files.writeString(inbox.resolve("notes-" + i + ".txt"), "x"));
        }

        pipeline.process(first);

        assertThat(events).filteredOn(e -> e.source().equals(first)).as("forgotten, so reported again").hasSize(2);
        assertThat(events).hasSize(10_002);
    }

    @Test
    void aLibraryThatCannotBeReadRightAfterTheMoveLeavesThePhotoFiledAndItsMoveJournaledForTheNextStart()
            throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(8).writeTo(inbox.resolve("a.jpg"));
        libraryUnreadable = true;

        assertThat(pipeline.process(photo)).isEqualTo(Pipeline.Outcome.HANDLED);

        libraryUnreadable = false;
        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(photo).doesNotExist();
        assertThat(events).noneMatch(PipelineEvent.Failed.class::isInstance);
        assertThat(events).filteredOn(PipelineEvent.Filed.class::isInstance).hasSize(1);
        assertThat(index.pending()).as("finished and indexed at the next start").hasSize(1);
    }

    @Test
    void aDamagedImageIsFiledWithANoteThatItsPictureCouldNotBeRead() throws Exception {
        byte[] whole = Jpegs.builder().size(320, 240).seed(9).bytes();
        // Complete in its structure (it ends with its end-of-image marker) but half its picture data is gone.
        Path cut = Files.write(inbox.resolve("cut.jpg"), damaged(whole));
        Path fine = Jpegs.builder().size(320, 240).seed(10).writeTo(inbox.resolve("fine.jpg"));

        pipeline.process(cut);
        pipeline.process(fine);

        assertThat(events).filteredOn(PipelineEvent.Filed.class::isInstance).map(e -> (PipelineEvent.Filed) e)
                .extracting(PipelineEvent.Filed::source, PipelineEvent.Filed::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(cut,
                                "damaged: the JPEG data is damaged (Corrupt JPEG data: premature end of data segment);"
                                        + " compared as exact duplicates only"),
                        org.assertj.core.groups.Tuple.tuple(fine, ""));
    }

    /** The first half of a JPEG and its end-of-image marker: structurally complete, its picture unreadable. */
    static byte[] damaged(byte[] jpeg) {
        byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        return cut;
    }
}
