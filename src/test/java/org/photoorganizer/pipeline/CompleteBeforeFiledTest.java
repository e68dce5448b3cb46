package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.photoorganizer.fixtures.ToolMadeMedia;
import org.photoorganizer.format.CompletenessCheck;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;

/**
 * The pipeline takes a file only when its structure says it is complete: a cut-short file waits without a
 * row and is handed back, until the grace time after its last change is over; a file whose name is not
 * text is left untouched with one clear error.
 */
class CompleteBeforeFiledTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @TempDir
    Path temp;
    Path inbox;
    Path library;
    LibraryIndex index;
    final List<PipelineEvent> events = new ArrayList<>();
    final List<String> revisits = new ArrayList<>();
    final AtomicInteger datesRead = new AtomicInteger();
    Duration clockAhead = Duration.ZERO;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(temp.resolve("in"));
        library = Files.createDirectories(temp.resolve("lib"));
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.db"), library);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private Pipeline pipeline() {
        NioFileOps files = new NioFileOps();
        CaptureDateExtractor dates = (file, kind) -> {
            datesRead.incrementAndGet();
            return Optional.of(CaptureDate.of(SHOT, CaptureDate.Source.EXIF_ORIGINAL));
        };
        Clock clock = Clock.offset(Clock.system(ZoneId.systemDefault()), clockAhead);
        Revisits recorded = new Revisits() {
            @Override
            public void incomplete(Path file, String reason, Duration untilGraceEnds) {
                revisits.add("incomplete " + file.getFileName() + " " + reason + " " + untilGraceEnds.toMinutes());
            }

            @Override
            public void destinationUnavailable(Path file) {
                revisits.add("destination " + file.getFileName());
            }

            @Override
            public void filedInPlace(Path libraryFile) {
                revisits.add("in place " + libraryFile.getFileName());
            }
        };
        return new Pipeline(new Pipeline.Settings(inbox, true, 10, Duration.ofHours(1)), files, new FileClassifier(),
                dates, new PerceptualFingerprinter(files), index, new SimilarityIndex(), new ImageQualityComparator(),
                new PathPlanner(library, new FolderPattern("{yyyy}/{MM}_{Mmm}")),
                new SafeMover(files, new FileContent(files), index), events::add,
                new Safeguards(new CompletenessCheck(files), clock, recorded, OwedRows.NONE));
    }

    @Test
    void aFileCutShortWaitsWithoutARowAndIsHandedBack() throws Exception {
        byte[] whole = Jpegs.builder().size(320, 240).seed(1).bytes();
        Path cut = Files.write(inbox.resolve("IMG_1.jpg"), Arrays.copyOf(whole, whole.length * 2 / 3));

        assertThat(pipeline().process(cut)).isEqualTo(Pipeline.Outcome.INCOMPLETE);

        assertThat(events).isEmpty();
        assertThat(datesRead).hasValue(0);
        assertThat(cut).exists();
        assertThat(revisits).singleElement().asString()
                .startsWith("incomplete IMG_1.jpg JPEG: no end-of-image marker after the picture data").endsWith(" 59");
    }

    @Test
    void theRestArrivingMakesItCompleteAndItIsFiledWithoutANote() throws Exception {
        byte[] whole = Jpegs.builder().size(320, 240).seed(2).bytes();
        Path file = Files.write(inbox.resolve("IMG_2.jpg"), Arrays.copyOf(whole, whole.length / 2));
        Pipeline pipeline = pipeline();
        assertThat(pipeline.process(file)).isEqualTo(Pipeline.Outcome.INCOMPLETE);

        Files.write(file, Arrays.copyOfRange(whole, whole.length / 2, whole.length),
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(pipeline.process(file)).isEqualTo(Pipeline.Outcome.HANDLED);
        Path filed = library.resolve("2024/08_Aug/20240814_134757.jpg");
        assertThat(filed).hasBinaryContent(whole);
        assertThat(events).filteredOn(PipelineEvent.Filed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.Filed) e).note()).isEmpty());
    }

    @Test
    void afterTheGraceTimeWithoutChangeItIsFiledAsItIsWithARowSayingSo() throws Exception {
        Path video = ToolMadeMedia.mp4(temp.resolve("whole.mp4"), 1, false, SHOT);
        byte[] whole = Files.readAllBytes(video);
        Path cut = Files.write(inbox.resolve("VID_1.mp4"), Arrays.copyOf(whole, whole.length - 100));
        clockAhead = Duration.ofMinutes(61);

        assertThat(pipeline().process(cut)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(revisits).isEmpty();
        assertThat(events).filteredOn(PipelineEvent.Filed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.Filed) e).note())
                        .startsWith("it looked incomplete (MP4/MOV/HEIF: the 'moov' box is cut off (")
                        .endsWith(" bytes)) and had not changed for 1 h: filed as it is"));
        assertThat(events).noneMatch(PipelineEvent.Failed.class::isInstance);
    }

    @Test
    void aRawFileCutShortWaits() throws Exception {
        byte[] whole = Files.readAllBytes(ToolMadeMedia.dng(temp.resolve("whole.dng"), 400, 300, SHOT));
        Path cut = Files.write(inbox.resolve("RAW_1.dng"), Arrays.copyOf(whole, whole.length - 1000));

        assertThat(pipeline().process(cut)).isEqualTo(Pipeline.Outcome.INCOMPLETE);

        assertThat(events).isEmpty();
        assertThat(revisits).singleElement().asString().startsWith("incomplete RAW_1.dng TIFF/raw: ");
    }

    @Test
    void aFileOfAFormatWithoutARuleFiledInPlaceIsWatchedForLateWrites() throws Exception {
        Path clip = Files.write(inbox.resolve("clip.mkv"), new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1, 2, 3});
        Path photo = Jpegs.builder().size(64, 48).seed(3).writeTo(inbox.resolve("photo.jpg"));
        Pipeline pipeline = pipeline();

        assertThat(pipeline.process(clip)).isEqualTo(Pipeline.Outcome.HANDLED);
        assertThat(pipeline.process(photo)).isEqualTo(Pipeline.Outcome.HANDLED);

        // Only the file taken on the quiet time alone is looked at again; the photo's structure was complete.
        assertThat(revisits).containsExactly("in place 20240814_134757.mkv");
    }

    @Test
    void aLateWriteIntoAFiledFileIsFoundAndItsIndexRowFixed() throws Exception {
        Path clip = Files.write(inbox.resolve("clip.mkv"), new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1, 2, 3});
        Pipeline pipeline = pipeline();
        pipeline.process(clip);
        Path filed = library.resolve("2024/08_Aug/20240814_134757.mkv");
        String before = index.findByPath(filed).orElseThrow().md5();

        // The writer still had the inbox file open: its last bytes land in the library file.
        Files.write(filed, new byte[] {4, 5, 6}, java.nio.file.StandardOpenOption.APPEND);
        pipeline.refreshIndexEntry(filed);

        LibraryIndex.Entry row = index.findByPath(filed).orElseThrow();
        assertThat(row.size()).isEqualTo(10);
        assertThat(row.md5()).isNotEqualTo(before).isEqualTo(new FileContent(new NioFileOps()).md5(filed));
    }

    @Test
    void aNameThatIsNotUtf8IsLeftUntouchedWithOneClearError() throws Exception {
        // Java cannot create such a name; a shell can (as a camera card copied byte for byte does).
        byte[] jpeg = Jpegs.builder().size(64, 48).seed(4).dateTimeOriginal(SHOT).bytes();
        Path staged = Files.write(temp.resolve("staged.jpg"), jpeg);
        Process mv = new ProcessBuilder("sh", "-c", "mv \"$1\" \"$2\"/\"$(printf 'IMG_\\377\\376.jpg')\"", "sh",
                staged.toString(), inbox.toString()).redirectErrorStream(true).start();
        assertThat(mv.waitFor()).isZero();
        Path bad;
        try (var listing = Files.list(inbox)) {
            bad = listing.findFirst().orElseThrow();
        }
        assertThat(bad.getFileName().toString()).contains("\uFFFD");
        Pipeline pipeline = pipeline();

        assertThat(pipeline.process(bad)).isEqualTo(Pipeline.Outcome.FAILED);
        assertThat(pipeline.process(bad)).isEqualTo(Pipeline.Outcome.FAILED);

        assertThat(events).singleElement().isInstanceOfSatisfying(PipelineEvent.Failed.class, failed ->
                assertThat(failed.message()).startsWith("the name is not valid UTF-8").contains("rename it"));
        assertThat(datesRead).hasValue(0);
        assertThat(Files.readAllBytes(bad)).isEqualTo(jpeg);
        try (var filed = Files.walk(library)) {
            assertThat(filed.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains(".photo-organizer"))).isEmpty();
        }
        assertThat(new String(bad.getFileName().toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isNotEmpty();
    }

    @Test
    void aLivePhotoVideoStillBeingWrittenStaysBehindAndIsHandedBack() throws Exception {
        Path photo = Jpegs.builder().size(64, 48).seed(5).writeTo(inbox.resolve("IMG_7.JPG"));
        byte[] video = Files.readAllBytes(ToolMadeMedia.mov(temp.resolve("whole.mov"), 1));
        Path movie = Files.write(inbox.resolve("IMG_7.MOV"), Arrays.copyOf(video, video.length / 2));

        assertThat(pipeline().process(photo)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(movie).exists();
        assertThat(revisits).singleElement().asString().startsWith("incomplete IMG_7.MOV ");
        assertThat(events).noneMatch(e -> e.source().equals(movie));
    }
}
