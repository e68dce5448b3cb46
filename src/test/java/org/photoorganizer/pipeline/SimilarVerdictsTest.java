package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.similar.ImageQualityComparator;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.dedupe.similar.PerceptualHash;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.dedupe.similar.SyntheticPhotos;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;

/**
 * Similar-image verdicts on files made the way cameras and editors make them, through the real date reader,
 * fingerprinter and quality rule: a verdict needs evidence from both pictures, a better version keeps its own
 * date-name, and edits never displace the camera original.
 */
class SimilarVerdictsTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);
    private static final int THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;

    @TempDir
    Path temp;
    Path inbox;
    Path library;
    Path work;
    LibraryIndex index;
    SimilarityIndex lookup;
    final List<PipelineEvent> events = new ArrayList<>();
    FileOps files = new NioFileOps();
    volatile Path unreadable;
    Pipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(temp.resolve("in"));
        library = Files.createDirectories(temp.resolve("lib"));
        work = Files.createDirectories(temp.resolve("work"));
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.db"), library);
        lookup = new SimilarityIndex();
        files = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                if (file.equals(unreadable)) {
                    throw new IOException("Input/output error (injected)");
                }
                return super.openChannel(file);
            }
        };
        MetadataCaptureDateExtractor real = new MetadataCaptureDateExtractor(Clock.systemDefaultZone(), files);
        // Files named nodate* stand for files without any date (the real reader falls back to the file time).
        CaptureDateExtractor dates = (file, kind) -> file.getFileName().toString().startsWith("nodate")
                ? Optional.empty() : real.extract(file, kind);
        pipeline = new Pipeline(new Pipeline.Settings(inbox, false, THRESHOLD), files, new FileClassifier(), dates,
                new PerceptualFingerprinter(files), index, lookup, new ImageQualityComparator(),
                new PathPlanner(library, new FolderPattern("{yyyy}/{MM}_{Mmm}")),
                new SafeMover(files, new FileContent(files), index), events::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    // --- names: a better version is filed under its own capture date ---

    @Test
    void aBetterBurstFrameKeepsItsOwnDateNameInsteadOfTakingItsNeighboursName() throws Exception {
        BufferedImage scene = SyntheticPhotos.photo(101, 1600, 1200);
        BufferedImage nextFrame = SyntheticPhotos.photo(101, 1600, 1200,
                new SyntheticPhotos.Camera(0.003, 0, 0, 0, 7));
        byte[] small = camera(Jpegs.scaled(scene, 800, 600)).dateTimeOriginal(SHOT).bytes();
        file(small, "IMG_0001.JPG");
        byte[] big = camera(nextFrame).dateTimeOriginal(SHOT.plusSeconds(1)).bytes();

        file(big, "IMG_0002.JPG");

        assertThat(similarEvents()).singleElement().satisfies(e -> assertThat(e.source())
                .isEqualTo(inLibrary("20240814_134757.JPG")));
        assertThat(inLibrary("20240814_134758.JPG")).hasBinaryContent(big);
        assertThat(inLibrary("20240814_134757.JPG")).doesNotExist();
        assertThat(library.resolve("Duplicates/20240814_134757.0001.JPG")).hasBinaryContent(small);
    }

    @Test
    void aBetterVersionWithoutAnyDateDoesNotDisplaceADatedPhoto() throws Exception {
        BufferedImage scene = SyntheticPhotos.photo(102, 1600, 1200);
        byte[] dated = Jpegs.encode(Jpegs.scaled(scene, 640, 480), 0.8f);
        Path datedFile = file(dated, "small.jpg");
        byte[] dateless = Jpegs.encode(scene, 0.9f);

        file(dateless, "nodate-scan.jpg");

        assertThat(Files.readAllBytes(onlyFileIn(datedFile.getParent()))).isEqualTo(dated);
        assertThat(library.resolve("NoDateFound/nodate-scan.jpg")).hasBinaryContent(dateless);
        assertThat(similarEvents()).isEmpty();
        assertThat(filedNote("nodate-scan.jpg")).contains("keeps its place")
                .contains("a file without a date never displaces a dated photo");
    }

    // --- capture times ---

    @Test
    void picturesWhoseCameraTimesAreMoreThanTwoSecondsApartAreNeverSimilar() throws Exception {
        BufferedImage scene = SyntheticPhotos.photo(103, 1200, 900);
        file(camera(scene).dateTimeOriginal(SHOT).bytes(), "a.jpg");
        file(camera(scene).quality(0.75f).dateTimeOriginal(SHOT.plusSeconds(3)).bytes(), "b.jpg");
        assertThat(similarEvents()).isEmpty();
        assertThat(inLibrary("20240814_134800.jpg")).isRegularFile();

        file(camera(scene).quality(0.7f).dateTimeOriginal(SHOT.plusSeconds(2)).bytes(), "c.jpg");
        assertThat(similarEvents()).as("2 s apart: one photo").hasSize(1);
    }

    @Test
    void aSunsetAndAMoonWithinTheThresholdAreTwoPhotosWhenTheirCameraTimesDiffer() throws Exception {
        // Found by searching 60 x 60 generated scenes for the closest pair.
        BufferedImage sunset = SyntheticPhotos.sunsetOrMoon(19, 1200, 900, false);
        BufferedImage moon = SyntheticPhotos.sunsetOrMoon(1043, 1200, 900, true);
        Path sunsetFile = file(camera(sunset).dateTimeOriginal(SHOT).bytes(), "sunset.jpg");
        Path moonFile = file(camera(moon).dateTimeOriginal(SHOT.plusHours(3)).bytes(), "moon.jpg");

        assertThat(PerceptualHash.distance(printOf(sunsetFile).phash(), printOf(moonFile).phash()))
                .as("the hashes alone would call them one picture").isLessThanOrEqualTo(THRESHOLD);
        assertThat(similarEvents()).isEmpty();
        assertThat(moonFile).isRegularFile();
    }

    // --- evidence from the pictures themselves ---

    @Test
    void aDifferentPictureCarryingTheOriginalsThumbnailIsNotTakenForIt() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        BufferedImage original = SyntheticPhotos.photo(104, 1200, 900);
        Path camera = write(camera(original).dateTimeOriginal(SHOT).bytes(), "original.jpg");
        Path pasted = pasteOver(camera, SyntheticPhotos.photo(105, 1200, 900), "pasted.jpg");
        file(Files.readAllBytes(camera), "original.jpg");

        Path other = file(Files.readAllBytes(pasted), "pasted.jpg");

        assertThat(similarEvents()).isEmpty();
        assertThat(other).isEqualTo(inLibrary("20240814_134757_A.jpg"));
        ImageFingerprint stored = index.findByPath(other).orElseThrow().fingerprint().orElseThrow();
        assertThat(PerceptualHash.distance(stored.phash(), printOf(camera).phash()))
                .as("indexed by its own picture, not the thumbnail it carries").isGreaterThan(THRESHOLD);
    }

    @Test
    void aLibraryFileWhoseThumbnailIsStaleIsJudgedByItsPicture() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        Path camera = write(camera(SyntheticPhotos.photo(106, 1200, 900)).dateTimeOriginal(SHOT).bytes(),
                "original.jpg");
        Path pasted = pasteOver(camera, SyntheticPhotos.photo(107, 1200, 900), "pasted.jpg");
        Path first = file(Files.readAllBytes(pasted), "pasted.jpg");
        long thumbnailHash = index.findByPath(first).orElseThrow().fingerprint().orElseThrow().phash();

        file(Files.readAllBytes(camera), "original.jpg");

        assertThat(similarEvents()).isEmpty();
        assertThat(first).isRegularFile();
        long corrected = index.findByPath(first).orElseThrow().fingerprint().orElseThrow().phash();
        assertThat(PerceptualHash.distance(corrected, thumbnailHash)).isGreaterThan(THRESHOLD);
    }

    // --- the camera original wins ---

    @Test
    void editedAndConvertedCopiesNeverDisplaceTheCameraOriginalWhicheverArrivesFirst() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        BufferedImage scene = SyntheticPhotos.photo(108, 1200, 900);
        Path original = write(camera(scene).dateTimeOriginal(SHOT).bytes(), "original.jpg");
        List<Path> edits = List.of(
                ImageTools.convert(original, work.resolve("converted.png")),
                ImageTools.convert(original, work.resolve("brightened.jpg"), "-modulate", "115", "-quality", "92"),
                ImageTools.convert(original, work.resolve("watermarked.jpg"), "-gravity", "southeast",
                        "-fill", "rgba(255,255,255,0.6)", "-pointsize", "40", "-annotate", "+20+20",
                        "(c) 2024 Jane Doe", "-quality", "92"));
        byte[] originalBytes = Files.readAllBytes(original);
        for (Path edit : edits) {
            for (boolean editFirst : new boolean[] {true, false}) {
                clearLibrary();
                if (editFirst) {
                    file(Files.readAllBytes(edit), edit.getFileName().toString());
                }
                file(originalBytes, "IMG_1234.jpg");
                if (!editFirst) {
                    file(Files.readAllBytes(edit), edit.getFileName().toString());
                }
                String name = edit.getFileName() + (editFirst ? ", edit first" : ", original first");
                assertThat(inLibrary("20240814_134757.jpg")).as(name).hasBinaryContent(originalBytes);
                assertThat(similarEvents()).as(name).singleElement().satisfies(e -> assertThat(e.lesserTarget())
                        .hasBinaryContent(Files.readAllBytes(edit)));
            }
        }
    }

    @Test
    void aResampledCopyNeverDisplacesItsOriginal() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        Path original = write(camera(SyntheticPhotos.photo(109, 1200, 900)).dateTimeOriginal(SHOT).bytes(),
                "original.jpg");
        byte[] originalBytes = Files.readAllBytes(original);
        // ImageMagick keeps the EXIF block, so the copies still carry the camera's make, date and thumbnail.
        Path upscaled = ImageTools.convert(original, work.resolve("upscaled.jpg"), "-resize", "200%");
        Path downscaled = ImageTools.convert(original, work.resolve("downscaled.jpg"), "-resize", "50%");
        file(originalBytes, "IMG_1.jpg");

        file(Files.readAllBytes(upscaled), "upscaled.jpg");
        file(Files.readAllBytes(downscaled), "downscaled.jpg");

        assertThat(inLibrary("20240814_134757.jpg")).hasBinaryContent(originalBytes);
        assertThat(similarEvents()).hasSize(2).allSatisfy(e -> assertThat(e.better())
                .isEqualTo(inLibrary("20240814_134757.jpg")));
    }

    // --- exact duplicates only ---

    @Test
    void tinyAndFlatPicturesTakePartInExactDuplicatesOnly() throws Exception {
        BufferedImage icon = SyntheticPhotos.photo(110, 48, 36);
        file(Jpegs.encode(icon, 0.95f), "icon.jpg");
        file(Jpegs.encode(icon, 0.6f), "icon-copy.jpg");
        BufferedImage grey = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(120, 120, 124));
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        file(Jpegs.encode(grey, 0.95f), "wall.jpg");
        file(Jpegs.encode(grey, 0.6f), "wall-copy.jpg");

        assertThat(similarEvents()).isEmpty();
        assertThat(filedNote("icon-copy.jpg")).isEqualTo(
                "compared as exact duplicates only: too small for the similar-image check (48x36, a side of 48 px "
                        + "or less)");
        assertThat(filedNote("wall-copy.jpg")).startsWith("compared as exact duplicates only: a near single-colour");
    }

    // --- HEIC ---

    @Test
    void anHeicCopyOfALibraryJpegIsRecognisedAndTheCameraJpegStays() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireHeifEnc();
        Path jpeg = write(camera(SyntheticPhotos.photo(111, 1200, 900)).dateTimeOriginal(SHOT).bytes(), "IMG_7.jpg");
        Path heic = ImageTools.heifEnc(jpeg, work.resolve("IMG_7.HEIC"), "-q", "50");
        assertThat(Files.size(heic)).as("a converted copy, smaller than the camera's file").isLessThan(Files.size(jpeg));
        file(Files.readAllBytes(jpeg), "IMG_7.jpg");

        file(Files.readAllBytes(heic), "IMG_7.HEIC");

        assertThat(similarEvents()).singleElement().satisfies(e -> {
            assertThat(e.better()).isEqualTo(inLibrary("20240814_134757.jpg"));
            assertThat(e.lesserTarget()).isEqualTo(library.resolve("Duplicates/20240814_134757.0001.HEIC"));
        });
    }

    @Test
    void anHeicWhosePreviewCannotBeCheckedNeedsMatchingCameraTimes() throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireHeifEnc();
        Path jpeg = write(camera(SyntheticPhotos.photo(112, 1200, 900)).dateTimeOriginal(SHOT).bytes(), "IMG_8.jpg");
        Path heic = ImageTools.exiftool(ImageTools.heifEnc(jpeg, work.resolve("IMG_8.HEIC"), "-q", "70"),
                "-DateTimeOriginal=", "-CreateDate=", "-ModifyDate=");
        file(Files.readAllBytes(jpeg), "IMG_8.jpg");

        file(Files.readAllBytes(heic), "IMG_8.HEIC");

        assertThat(similarEvents()).isEmpty();
    }

    // --- reads through the seam ---

    @Test
    void aReadFaultWhileFingerprintingFailsTheFileAndLeavesItInPlace() throws Exception {
        Path photo = write(camera(SyntheticPhotos.photo(113, 800, 600)).dateTimeOriginal(SHOT).bytes(), "x.jpg");
        Path incoming = Files.copy(photo, inbox.resolve("x.jpg"));
        unreadable = incoming;

        assertThat(pipeline.process(incoming)).isEqualTo(Pipeline.Outcome.FAILED);

        assertThat(incoming).isRegularFile();
        assertThat(events).filteredOn(PipelineEvent.Failed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.Failed) e).message()).contains("Input/output error"));
    }

    @Test
    void aLibraryPhotoThatCannotBeReadGivesNoEvidenceAndDoesNotHoldTheIncomingFileBack() throws Exception {
        BufferedImage scene = SyntheticPhotos.photo(114, 1200, 900);
        Path first = file(camera(scene).dateTimeOriginal(SHOT).bytes(), "a.jpg");
        unreadable = first;

        Path second = file(camera(scene).quality(0.7f).dateTimeOriginal(SHOT).bytes(), "b.jpg");

        assertThat(similarEvents()).isEmpty();
        assertThat(second).isEqualTo(inLibrary("20240814_134757_A.jpg"));
        assertThat(first).isRegularFile();
    }

    // --- helpers ---

    /** A camera's JPEG: make, model, firmware in Software, PixelX/YDimension and a 160 px EXIF thumbnail. */
    private static Jpegs.Builder camera(BufferedImage picture) {
        return Jpegs.builder().image(picture).quality(0.9f).model("EOS R6").software("Firmware Version 1.8.1")
                .exifPixelSize(true).thumbnail(true);
    }

    /** "Paste a different picture over the original and save": ImageMagick keeps the first image's EXIF. */
    private Path pasteOver(Path original, BufferedImage otherPicture, String name) throws IOException {
        Path png = work.resolve(name + ".png");
        javax.imageio.ImageIO.write(otherPicture, "png", png.toFile());
        return ImageTools.convert(original, work.resolve(name), png.toString(), "-compose", "copy", "-composite",
                "-quality", "92");
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(work.resolve(name), bytes);
    }

    /** Drops {@code bytes} into the inbox as {@code name}, processes it and returns where it went. */
    private Path file(byte[] bytes, String name) throws IOException {
        Path source = Files.write(inbox.resolve(name), bytes);
        assertThat(pipeline.process(source)).as(name).isEqualTo(Pipeline.Outcome.HANDLED);
        return events.stream().filter(e -> e.source().equals(source))
                .map(e -> e instanceof PipelineEvent.Filed f ? f.target()
                        : e instanceof PipelineEvent.SimilarImage s ? s.lesserTarget() : null)
                .filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElseThrow();
    }

    private Path inLibrary(String name) {
        return library.resolve("2024/08_Aug").resolve(name);
    }

    private Path onlyFileIn(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).reduce((a, b) -> {
                throw new AssertionError("more than one file in " + folder);
            }).orElseThrow();
        }
    }

    private List<PipelineEvent.SimilarImage> similarEvents() {
        return events.stream().filter(PipelineEvent.SimilarImage.class::isInstance)
                .map(PipelineEvent.SimilarImage.class::cast).toList();
    }

    private String filedNote(String inboxName) {
        return events.stream().filter(e -> e instanceof PipelineEvent.Filed f
                        && f.source().equals(inbox.resolve(inboxName)))
                .map(e -> ((PipelineEvent.Filed) e).note()).findFirst().orElseThrow();
    }

    private ImageFingerprint printOf(Path file) throws IOException {
        return new PerceptualFingerprinter(new NioFileOps()).readPicture(file, MediaKind.IMAGE).fingerprint()
                .orElseThrow();
    }

    private void clearLibrary() throws Exception {
        index.close();
        events.clear();
        try (Stream<Path> all = Files.walk(library)) {
            all.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(library)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        setUp();
    }

}
