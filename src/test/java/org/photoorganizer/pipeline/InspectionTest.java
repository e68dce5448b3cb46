package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.ExactCopyFinder;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.similar.ImageQualityComparator;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;

/**
 * Reading ahead (Pipeline.inspect, on other threads) and deciding (Pipeline.process, in order) split a file's work
 * without changing what becomes of it: what was read is used only while the file is as it was read, a read fault
 * found ahead fails the file as it would have, and a file no library file has the size of is never read for an MD5.
 */
class InspectionTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @TempDir
    Path temp;
    Path inbox;
    Path library;
    LibraryIndex index;
    final List<PipelineEvent> events = new ArrayList<>();
    final AtomicInteger dateReads = new AtomicInteger();
    final AtomicInteger pictureReads = new AtomicInteger();
    /** Bytes read from inbox files as whole-file streams (MD5s, byte comparisons), not as metadata. */
    final java.util.concurrent.atomic.AtomicLong streamedBytes = new java.util.concurrent.atomic.AtomicLong();
    volatile Path unreadable;
    Pipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(temp.resolve("in"));
        library = Files.createDirectories(temp.resolve("lib"));
        ForwardingFileOps files = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public InputStream openRead(Path file) throws IOException {
                // Only MD5s and byte comparisons read files as streams.
                InputStream in = super.openRead(file);
                return !file.startsWith(inbox) ? in : new java.io.FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        streamedBytes.addAndGet(Math.max(0, n));
                        return n;
                    }
                };
            }

            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                if (file.equals(unreadable)) {
                    throw new IOException("Input/output error (injected)");
                }
                return super.openChannel(file);
            }
        };
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.mv"), library, files);
        MetadataCaptureDateExtractor realDates = new MetadataCaptureDateExtractor(Clock.systemDefaultZone(), files);
        CaptureDateExtractor dates = (file, kind) -> {
            dateReads.incrementAndGet();
            return realDates.extract(file, kind);
        };
        PerceptualFingerprinter realFingerprints = new PerceptualFingerprinter(files);
        ImageFingerprinter fingerprints = new ImageFingerprinter() {
            @Override
            public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
                return realFingerprints.fingerprint(file, kind);
            }

            @Override
            public ImageReading read(Path file, MediaKind kind) throws IOException {
                pictureReads.incrementAndGet();
                return realFingerprints.read(file, kind);
            }

            @Override
            public ImageReading readPicture(Path file, MediaKind kind) throws IOException {
                return realFingerprints.readPicture(file, kind);
            }

            @Override
            public int algorithmVersion() {
                return realFingerprints.algorithmVersion();
            }
        };
        pipeline = new Pipeline(new Pipeline.Settings(inbox, false, 6), files, new FileClassifier(), dates,
                fingerprints, index, new SimilarityIndex(), new ImageQualityComparator(),
                new PathPlanner(library, new FolderPattern("{yyyy}/{MM}_{Mmm}")),
                new SafeMover(files, new FileContent(files), index), events::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    @Test
    void whatWasReadAheadIsNotReadAgain() throws Exception {
        Path photo = Jpegs.builder().size(640, 480).seed(1).thumbnail(true).dateTimeOriginal(SHOT)
                .writeTo(inbox.resolve("IMG_1.jpg"));

        Inspection ahead = pipeline.inspect(photo);
        assertThat(pipeline.process(photo, ahead)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(dateReads).hasValue(1);
        assertThat(pictureReads).hasValue(1);
    }

    @Test
    void aFileChangedSinceItWasReadAheadIsReadAgain() throws Exception {
        Path photo = Jpegs.builder().size(640, 480).seed(2).dateTimeOriginal(SHOT).writeTo(inbox.resolve("IMG_2.jpg"));
        Inspection ahead = pipeline.inspect(photo);
        // Replaced by another photo, taken a year later, before the pipeline got to it.
        Jpegs.builder().size(800, 600).seed(3).dateTimeOriginal(SHOT.plusYears(1)).writeTo(photo);

        assertThat(pipeline.process(photo, ahead)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(library.resolve("2025/08_Aug/20250814_134757.jpg")).isRegularFile();
        assertThat(library.resolve("2024")).doesNotExist();
        assertThat(dateReads).hasValue(2);
    }

    @Test
    void aReadFaultFoundAheadFailsTheFileWhenThePipelineGetsToIt() throws Exception {
        Path photo = Jpegs.builder().size(640, 480).seed(4).dateTimeOriginal(SHOT).writeTo(inbox.resolve("IMG_4.jpg"));
        unreadable = photo;
        Inspection ahead = pipeline.inspect(photo);
        unreadable = null;

        assertThat(pipeline.process(photo, ahead)).isEqualTo(Pipeline.Outcome.FAILED);

        assertThat(photo).isRegularFile();
        assertThat(events).filteredOn(PipelineEvent.Failed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.Failed) e).message()).contains("Input/output error"));
    }

    @Test
    void anIncomingFileIsReadForExactCopiesOnlyAsFarAsItsFirstDifferenceFromALibraryFileOfItsSize()
            throws Exception {
        byte[] first = Jpegs.builder().size(640, 480).seed(5).dateTimeOriginal(SHOT).bytes();
        Path a = Files.write(inbox.resolve("a.jpg"), first);
        pipeline.process(a, pipeline.inspect(a));
        assertThat(streamedBytes).as("a size no library file has: not read for copies").hasValue(0);
        assertThat(index.unreadCount()).as("nor queued to be read in the background").isZero();

        // Another picture of the very same size: read as far as its first difference, no MD5.
        byte[] other = Jpegs.builder().size(320, 240).seed(6).dateTimeOriginal(SHOT.plusHours(1)).bytes();
        assertThat(other.length).isLessThan(first.length);
        // Zeros after its end marker make it a whole JPEG of the first one's size.
        Path b = Files.write(inbox.resolve("b.jpg"), java.util.Arrays.copyOf(other, first.length));
        pipeline.process(b, pipeline.inspect(b));
        assertThat(library.resolve("2024/08_Aug/20240814_144757.jpg")).isRegularFile();
        assertThat(streamedBytes.get()).isLessThanOrEqualTo(64 * 1024);
        assertThat(index.findByPathAsIs(library.resolve("2024/08_Aug/20240814_134757.jpg")).orElseThrow().md5())
                .as("no MD5 was read").isNull();

        // An exact copy of the first is still found: confirmed byte for byte.
        streamedBytes.set(0);
        Path copy = Files.write(inbox.resolve("copy.jpg"), first);
        pipeline.process(copy, pipeline.inspect(copy));
        assertThat(events).filteredOn(PipelineEvent.MovedToDuplicates.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.MovedToDuplicates) e).original())
                        .isEqualTo(library.resolve("2024/08_Aug/20240814_134757.jpg")));
        assertThat(streamedBytes).as("its first kilobytes, which told it is likely a copy (so it was not decoded), "
                + "then the whole file once").hasValue(Math.min(first.length, ExactCopyFinder.LIKELY_COPY_PREFIX)
                + first.length);
    }

    @Test
    void anExactCopyOfALibraryFileIsSettledWithoutReadingItsPicture() throws Exception {
        byte[] photo = Jpegs.builder().size(640, 480).seed(8).dateTimeOriginal(SHOT).bytes();
        Path original = Files.write(inbox.resolve("IMG_8.jpg"), photo);
        pipeline.process(original, pipeline.inspect(original));
        Path filed = library.resolve("2024/08_Aug/20240814_134757.jpg");
        assertThat(pictureReads).hasValue(1);

        Path copy = Files.write(inbox.resolve("IMG_8 copy.jpg"), photo);
        Inspection ahead = pipeline.inspect(copy);
        assertThat(pictureReads).as("the library holds a file of its size: not decoded ahead").hasValue(1);
        assertThat(pipeline.process(copy, ahead)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(pictureReads).as("settled by its bytes, never by its picture").hasValue(1);
        PipelineEvent.MovedToDuplicates aside = events.stream()
                .filter(PipelineEvent.MovedToDuplicates.class::isInstance)
                .map(PipelineEvent.MovedToDuplicates.class::cast).findFirst().orElseThrow();
        assertThat(aside.original()).isEqualTo(filed);
        Optional<ImageFingerprint> kept = index.findByPathAsIs(filed).orElseThrow().fingerprint();
        assertThat(kept).isPresent();
        assertThat(index.findByPathAsIs(aside.target()).orElseThrow().fingerprint())
                .as("the copy's row has the fingerprint its bytes give").isEqualTo(kept);
    }

    @Test
    void aFileThatBeginsLikeALibraryFileButIsNoCopyIsJudgedByItsOwnPicture() throws Exception {
        // One picture and an edit of its lower half, encoded alike: the same bytes up to the edited rows.
        java.awt.image.BufferedImage picture = Jpegs.picture(9, 1600, 1200);
        java.awt.image.BufferedImage edited = Jpegs.picture(9, 1600, 1200);
        java.awt.Graphics2D g = edited.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 900, 1600, 300);
        g.dispose();
        byte[] first = Jpegs.builder().image(picture).dateTimeOriginal(SHOT).bytes();
        byte[] second = Jpegs.builder().image(edited).dateTimeOriginal(SHOT).bytes();
        int length = Math.max(first.length, second.length);
        first = java.util.Arrays.copyOf(first, length);
        second = java.util.Arrays.copyOf(second, length);
        assertThat(java.util.Arrays.mismatch(first, second)).isGreaterThan(ExactCopyFinder.LIKELY_COPY_PREFIX);
        Path a = Files.write(inbox.resolve("a.jpg"), first);
        pipeline.process(a, pipeline.inspect(a));
        Path b = Files.write(inbox.resolve("b.jpg"), second);

        Inspection ahead = pipeline.inspect(b);
        assertThat(pictureReads).as("begins like a library file: not decoded ahead").hasValue(1);
        assertThat(pipeline.process(b, ahead)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(pictureReads).as("no copy after all: its own picture read for the verdict").hasValue(2);
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.DuplicateDeleted
                || e instanceof PipelineEvent.MovedToDuplicates);
        Path landed = events.stream().flatMap(e -> e instanceof PipelineEvent.Filed filed && filed.source().equals(b)
                ? java.util.stream.Stream.of(filed.target())
                : e instanceof PipelineEvent.SimilarImage similar && similar.source().equals(b)
                ? java.util.stream.Stream.of(similar.lesserTarget()) : java.util.stream.Stream.empty())
                .findFirst().orElseThrow();
        assertThat(index.findByPathAsIs(landed).orElseThrow().fingerprint())
                .isEqualTo(new PerceptualFingerprinter(new NioFileOps()).fingerprint(landed, MediaKind.IMAGE));
    }

    @Test
    void ofAPhotoAndItsCopyArrivingTogetherOnlyThePhotoIsDecoded() throws Exception {
        byte[] photo = Jpegs.builder().size(1600, 1200).seed(11).dateTimeOriginal(SHOT).bytes();
        Path original = Files.write(inbox.resolve("IMG_11.jpg"), photo);
        Path copy = Files.write(inbox.resolve("IMG_11 (1).jpg"), photo);
        byte[] smaller = Jpegs.builder().size(1200, 900).seed(12).dateTimeOriginal(SHOT.plusHours(2)).bytes();
        assertThat(smaller.length).isLessThan(photo.length);
        // Zeros after its end marker make it a whole JPEG of the photo's size.
        Path other = Files.write(inbox.resolve("IMG_12.jpg"), java.util.Arrays.copyOf(smaller, photo.length));

        Inspection originalAhead = pipeline.inspect(original);
        Inspection copyAhead = pipeline.inspect(copy);
        Inspection otherAhead = pipeline.inspect(other);
        assertThat(pictureReads).as("the copy waits; a file of the same size that begins otherwise does not")
                .hasValue(2);
        pipeline.process(original, originalAhead);
        pipeline.process(copy, copyAhead);
        pipeline.process(other, otherAhead);

        assertThat(pictureReads).hasValue(2);
        assertThat(events).filteredOn(PipelineEvent.MovedToDuplicates.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.MovedToDuplicates) e).source()).isEqualTo(copy));
        assertThat(library.resolve("2024/08_Aug/20240814_154757.jpg")).isRegularFile();
    }

    @Test
    void aCopyTakenBeforeItsPhotoIsDecodedWhenTaken() throws Exception {
        byte[] photo = Jpegs.builder().size(1600, 1200).seed(13).dateTimeOriginal(SHOT).bytes();
        Path original = Files.write(inbox.resolve("IMG_13.jpg"), photo);
        Path copy = Files.write(inbox.resolve("IMG_13 (1).jpg"), photo);
        Inspection originalAhead = pipeline.inspect(original);
        Inspection copyAhead = pipeline.inspect(copy);

        // Taken in the other order (its last change came first): the copy is no copy of anything filed yet.
        assertThat(pipeline.process(copy, copyAhead)).isEqualTo(Pipeline.Outcome.HANDLED);
        assertThat(pipeline.process(original, originalAhead)).isEqualTo(Pipeline.Outcome.HANDLED);

        assertThat(pictureReads).hasValue(2);
        Path filed = library.resolve("2024/08_Aug/20240814_134757.jpg");
        assertThat(index.findByPathAsIs(filed).orElseThrow().fingerprint()).isPresent();
        assertThat(events).filteredOn(PipelineEvent.MovedToDuplicates.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PipelineEvent.MovedToDuplicates) e).source()).isEqualTo(original));
    }

    @Test
    void nothingIsReadAheadOfAFileThePipelineWouldNotFile() throws Exception {
        Path text = Files.writeString(inbox.resolve("notes.txt"), "not a photo");
        Path empty = Files.write(inbox.resolve("empty.jpg"), new byte[0]);
        Path photo = Jpegs.builder().size(64, 48).seed(7).writeTo(inbox.resolve("IMG_7.JPG"));
        Path video = Files.write(inbox.resolve("IMG_7.MOV"), new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p'});

        for (Path file : List.of(text, empty, video)) {
            assertThat(pipeline.inspect(file)).as(file.getFileName().toString()).isSameAs(Inspection.NONE);
        }
        assertThat(pipeline.inspect(photo)).isNotSameAs(Inspection.NONE);
        assertThat(dateReads).hasValue(1);
    }
}
