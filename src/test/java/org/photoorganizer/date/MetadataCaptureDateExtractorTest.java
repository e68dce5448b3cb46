package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.photoorganizer.date.CaptureDate.Source;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.Heifs;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Mp4s;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * End to end over real files written by the fixtures. Every file also carries a weaker source with a
 * different date (at least its mtime), so a test passes only if the source under test was used.
 */
class MetadataCaptureDateExtractorTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    static final LocalDateTime MTIME = LocalDateTime.of(2021, 3, 3, 3, 3, 3);

    static final LocalDateTime ORIGINAL = LocalDateTime.of(2024, 1, 2, 12, 34, 56);
    static final LocalDateTime DIGITIZED = LocalDateTime.of(2024, 1, 3, 13, 0, 1);
    static final LocalDateTime IFD0 = LocalDateTime.of(2024, 2, 4, 14, 0, 2);

    @TempDir Path dir;

    final MetadataCaptureDateExtractor extractor =
            new MetadataCaptureDateExtractor(Clock.fixed(NOW, BERLIN), new NioFileOps());

    Path withMtime(Path file) {
        return FileTimes.setModified(file, MTIME, BERLIN);
    }

    CaptureDate image(Path file) {
        Optional<CaptureDate> date = extractor.extract(file, MediaKind.IMAGE);
        assertThat(date).as("date of %s", file.getFileName()).isPresent();
        return date.get();
    }

    CaptureDate video(Path file) {
        Optional<CaptureDate> date = extractor.extract(file, MediaKind.VIDEO);
        assertThat(date).as("date of %s", file.getFileName()).isPresent();
        return date.get();
    }

    @Nested
    class Exif {

        @Test
        void dateTimeOriginalWithSubsecondAndOffset() {
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(ORIGINAL).subSec("35").offset("+02:00")
                    .dateTimeDigitized(DIGITIZED).dateTime(IFD0).thumbnail(true)
                    .writeTo(dir.resolve("IMG_20200101_010101.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.EXIF_ORIGINAL);
            assertThat(date.dateTime()).isEqualTo(ORIGINAL);
            assertThat(date.subsecond()).hasValue(3500);
            assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
        }

        @Test
        void offsetIsNotAppliedToTheWallTime() {
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(ORIGINAL).offset("-07:00")
                    .writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(ORIGINAL);
            assertThat(image(file).offset()).contains(ZoneOffset.ofHours(-7));
        }

        @Test
        void intelByteOrderReadsTheSame() {
            Path file = withMtime(Jpegs.builder().byteOrder(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .dateTimeOriginal(ORIGINAL).subSec("123456").writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(ORIGINAL);
            assertThat(image(file).subsecond()).as("cut to ten-thousandths, not rounded").hasValue(1234);
        }

        @Test
        void digitizedWhenOriginalMissing() {
            Path file = withMtime(Jpegs.builder().dateTimeDigitized(DIGITIZED).subSecDigitized("7")
                    .offsetDigitized("+01:00").dateTime(IFD0).writeTo(dir.resolve("a.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.EXIF_DIGITIZED);
            assertThat(date.dateTime()).isEqualTo(DIGITIZED);
            assertThat(date.subsecond()).hasValue(7000);
            assertThat(date.offset()).contains(ZoneOffset.ofHours(1));
        }

        @Test
        void ifd0DateTimeWhenNoExifDates() {
            Path file = withMtime(Jpegs.builder().dateTime(IFD0).subSecDateTime("5").writeTo(dir.resolve("a.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.EXIF_DATETIME);
            assertThat(date.dateTime()).isEqualTo(IFD0);
            assertThat(date.subsecond()).hasValue(5000);
        }

        @Test
        void originalBeatsDigitizedBeatsIfd0BeatsXmpBeatsFileName() {
            Jpegs.Builder all = Jpegs.builder().dateTimeOriginal(ORIGINAL).dateTimeDigitized(DIGITIZED)
                    .dateTime(IFD0).xmpDateTimeOriginal("2019-09-09T09:09:09");
            assertThat(image(withMtime(all.writeTo(dir.resolve("IMG_20180101_101010.jpg")))).source())
                    .isEqualTo(Source.EXIF_ORIGINAL);

            all.dateTimeOriginalText(null);
            assertThat(image(withMtime(all.writeTo(dir.resolve("IMG_20180101_101011.jpg")))).source())
                    .isEqualTo(Source.EXIF_DIGITIZED);

            all.dateTimeDigitizedText(null);
            assertThat(image(withMtime(all.writeTo(dir.resolve("IMG_20180101_101012.jpg")))).source())
                    .isEqualTo(Source.EXIF_DATETIME);

            all.dateTimeText(null);
            assertThat(image(withMtime(all.writeTo(dir.resolve("IMG_20180101_101013.jpg")))).source())
                    .isEqualTo(Source.XMP);

            all.xmpDateTimeOriginal(null);
            CaptureDate byName = image(withMtime(all.writeTo(dir.resolve("IMG_20180101_101014.jpg"))));
            assertThat(byName.source()).isEqualTo(Source.FILE_NAME);
            assertThat(byName.dateTime()).isEqualTo(LocalDateTime.of(2018, 1, 1, 10, 10, 14));
        }

        @Test
        void futureOriginalFallsBackToDigitized() {
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(LocalDateTime.of(2025, 6, 17, 0, 0))
                    .dateTimeDigitized(DIGITIZED).writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).source()).isEqualTo(Source.EXIF_DIGITIZED);
        }

        @Test
        void lessThanADayAheadIsAccepted() {
            // Now is 14:00 in Berlin; a camera set to a zone ahead may be up to a day later.
            LocalDateTime ahead = LocalDateTime.of(2025, 6, 16, 13, 59, 59);
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(ahead).writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(ahead);
        }

        @Test
        void pre1970AndEpochAndZeroDatesFallThrough() {
            Path old = withMtime(Jpegs.builder().dateTimeOriginal(LocalDateTime.of(1969, 12, 31, 23, 59, 59))
                    .dateTime(IFD0).writeTo(dir.resolve("old.jpg")));
            Path epoch = withMtime(Jpegs.builder().dateTimeOriginal(LocalDateTime.of(1970, 1, 1, 0, 0))
                    .dateTime(IFD0).writeTo(dir.resolve("epoch.jpg")));
            Path zero = withMtime(Jpegs.builder().dateTimeOriginalText("0000:00:00 00:00:00")
                    .dateTime(IFD0).writeTo(dir.resolve("zero.jpg")));
            Path blank = withMtime(Jpegs.builder().dateTimeOriginalText("    :  :     :  :  ")
                    .dateTime(IFD0).writeTo(dir.resolve("blank.jpg")));

            for (Path file : new Path[] {old, epoch, zero, blank}) {
                assertThat(image(file).source()).as(file.getFileName().toString()).isEqualTo(Source.EXIF_DATETIME);
            }
        }

        @Test
        void justAfter1970IsAccepted() {
            LocalDateTime early = LocalDateTime.of(1970, 1, 1, 0, 0, 1);
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(early).writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(early);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"offset 6 to Exif\\0\\0", "offset 0, APP1 marker and length, Exif\\0\\0"})
        void aHeicExifItemIsReadWhereverItsTiffHeaderIs(String layout) throws IOException {
            // iPhones count the "Exif\0\0" before the TIFF header; some Android phones write offset 0 and put a
            // JPEG APP1 marker and length before it, so the offset leads to FF E1, not to the TIFF header.
            byte[] app1 = Jpegs.app1Exif(Jpegs.builder().dateTimeOriginal(ORIGINAL).bytes());
            byte[] exifItem = layout.startsWith("offset 6") ? Heifs.exifItem(6, new byte[0], Arrays.copyOfRange(app1, 4,
                    app1.length)) : Heifs.exifItem(0, new byte[0], app1);
            byte[] heic = Heifs.builder().item(1, "hvc1", new byte[64]).item(2, "Exif", exifItem).primary(1).bytes();
            Path file = withMtime(Files.write(dir.resolve("IMG_20200101_010101.HEIC"), heic));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.EXIF_ORIGINAL);
            assertThat(date.dateTime()).isEqualTo(ORIGINAL);
        }

        @Test
        void exifIsNotReadForVideos() {
            Path file = withMtime(Jpegs.builder().dateTimeOriginal(ORIGINAL).writeTo(dir.resolve("a.mov")));

            assertThat(video(file).source()).isEqualTo(Source.FILE_TIME);
        }
    }

    @Nested
    class Xmp {

        @Test
        void exifDateTimeOriginalWithFractionAndOffset() {
            Path file = withMtime(Jpegs.builder().xmpDateTimeOriginal("2023-05-06T07:08:09.25+02:00")
                    .xmpPhotoshopDateCreated("2022-01-01").writeTo(dir.resolve("a.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.XMP);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2023, 5, 6, 7, 8, 9));
            assertThat(date.subsecond()).hasValue(2500);
            assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
        }

        @Test
        void photoshopDateCreatedDateOnlyIsMidnight() {
            Path file = withMtime(Jpegs.builder().xmpPhotoshopDateCreated("2022-08-14").writeTo(dir.resolve("a.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.XMP);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2022, 8, 14, 0, 0));
        }

        @Test
        void implausibleXmpDateFallsBackToPhotoshop() {
            Path file = withMtime(Jpegs.builder().xmpDateTimeOriginal("2099-01-01T00:00:00")
                    .xmpPhotoshopDateCreated("2022-08-14T10:11:12").writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(LocalDateTime.of(2022, 8, 14, 10, 11, 12));
        }

        @Test
        void yearOnlyIsNoDate() {
            Path file = withMtime(Jpegs.builder().xmpPhotoshopDateCreated("2022").writeTo(dir.resolve("a.jpg")));

            assertThat(image(file).source()).isEqualTo(Source.FILE_TIME);
        }
    }

    @Nested
    class Video {

        @Test
        void appleCreationDateIsLocalWallTimeWithItsOffset() {
            Path file = withMtime(Mp4s.builder().quickTime()
                    .mvhdCreation(Instant.parse("2024-07-01T08:00:00Z"))
                    .day("2020-01-01T00:00:00+0100")
                    .appleCreationDate("2024-07-01T12:00:00-0400").contentIdentifier("ABC-123")
                    .writeTo(dir.resolve("IMG_0001.MOV")));

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_METADATA);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 7, 1, 12, 0));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(-4));
        }

        @Test
        void quickTimeDayAtom() {
            Path file = withMtime(Mp4s.builder().quickTime().mvhdCreation(Instant.parse("2024-07-01T08:00:00Z"))
                    .day("2023-03-04T05:06:07+0900").writeTo(dir.resolve("clip.mov")));

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_METADATA);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2023, 3, 4, 5, 6, 7));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(9));
        }

        @Test
        void iTunesStyleDayInUdtaMeta() {
            Path file = withMtime(Mp4s.builder().mvhdCreation(Instant.parse("2024-07-01T08:00:00Z"))
                    .ilstDay("2023-03-04T05:06:07+01:00").writeTo(dir.resolve("clip.mp4")));

            assertThat(video(file).dateTime()).isEqualTo(LocalDateTime.of(2023, 3, 4, 5, 6, 7));
            assertThat(video(file).source()).isEqualTo(Source.VIDEO_METADATA);
        }

        @Test
        void dayInUtcIsShownInTheNasZone() {
            Path file = withMtime(Mp4s.builder().ilstDay("2023-03-04T05:06:07Z").writeTo(dir.resolve("clip.mp4")));

            CaptureDate date = video(file);

            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2023, 3, 4, 6, 6, 7));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(1));
        }

        @Test
        void mvhdIsUtcConvertedToBerlinSummerTime() {
            Path file = withMtime(Mp4s.builder().mvhdCreation(Instant.parse("2024-07-01T10:00:00Z"))
                    .writeTo(dir.resolve("clip.mp4")));

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_MVHD);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 7, 1, 12, 0));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
        }

        @Test
        void mvhdVersion1IsUtcConvertedToBerlinWinterTime() {
            Path file = withMtime(Mp4s.builder().mvhdVersion(1).mvhdCreation(Instant.parse("2024-01-15T10:00:00Z"))
                    .writeTo(dir.resolve("clip.mp4")));

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_MVHD);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 1, 15, 11, 0));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(1));
        }

        @Test
        void mvhdAcrossTheDstSwitch() {
            // 2024-03-31 01:30Z is 03:30 CEST: the clocks jumped from 02:00 to 03:00 at 01:00Z.
            Path file = withMtime(Mp4s.builder().mvhdCreation(Instant.parse("2024-03-31T01:30:00Z"))
                    .writeTo(dir.resolve("clip.mp4")));

            assertThat(video(file).dateTime()).isEqualTo(LocalDateTime.of(2024, 3, 31, 3, 30));
        }

        @Test
        void mvhdAfterMdatWithLargeSizeHeader() {
            Path file = withMtime(Mp4s.builder().moovAtEnd(true).largeMdatHeader(true).mdatSize(100_000)
                    .mvhdCreation(Instant.parse("2024-07-01T10:00:00Z")).writeTo(dir.resolve("clip.mp4")));

            assertThat(video(file).source()).isEqualTo(Source.VIDEO_MVHD);
        }

        @Test
        void zeroAnd1970MvhdAreNoDate() {
            Path zero = withMtime(Mp4s.builder().mvhdCreationRaw(0).writeTo(dir.resolve("zero.mp4")));
            Path unixEpoch = withMtime(Mp4s.builder().mvhdCreationRaw(Mp4s.SECONDS_1904_TO_1970)
                    .writeTo(dir.resolve("epoch.mp4")));
            Path unixEpochV1 = withMtime(Mp4s.builder().mvhdVersion(1).mvhdCreationRaw(Mp4s.SECONDS_1904_TO_1970)
                    .writeTo(dir.resolve("epoch1.mp4")));

            for (Path file : new Path[] {zero, unixEpoch, unixEpochV1}) {
                assertThat(video(file).source()).as(file.getFileName().toString()).isEqualTo(Source.FILE_TIME);
            }
        }

        @Test
        void futureMetadataFallsBackToMvhd() {
            Path file = withMtime(Mp4s.builder().appleCreationDate("2030-01-01T00:00:00+0100")
                    .mvhdCreation(Instant.parse("2024-07-01T10:00:00Z")).writeTo(dir.resolve("clip.mov")));

            assertThat(video(file).source()).isEqualTo(Source.VIDEO_MVHD);
        }

        @Test
        void videoWithoutDatesUsesFileName() {
            Path file = withMtime(Mp4s.builder().writeTo(dir.resolve("VID_20240102_123456.mp4")));

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.FILE_NAME);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 1, 2, 12, 34, 56));
        }
    }

    @Nested
    class FileNameAndFileTime {

        @Test
        void fileNameWhenNoMetadata() {
            Path file = withMtime(Jpegs.builder().writeTo(dir.resolve("PXL_20240102_123456789.jpg")));

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.FILE_NAME);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 1, 2, 12, 34, 56));
            assertThat(date.subsecond()).hasValue(7890);
        }

        @Test
        void whatsAppNameGivesTheDayAtMidnight() {
            Path file = withMtime(Jpegs.builder().writeTo(dir.resolve("IMG-20240102-WA0001.jpg")));

            assertThat(image(file).dateTime()).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
        }

        @Test
        void futureFileNameFallsBackToFileTime() {
            Path file = withMtime(Jpegs.builder().writeTo(dir.resolve("IMG_20990102_123456.jpg")));

            assertThat(image(file).source()).isEqualTo(Source.FILE_TIME);
        }

        @Test
        void fileTimeInTheNasZoneKeepsItsFraction() {
            Instant mtime = Instant.parse("2022-07-08T09:10:11.123456789Z");
            Path file = FileTimes.setModified(Jpegs.builder().writeTo(dir.resolve("holiday.jpg")), mtime);

            CaptureDate date = image(file);

            assertThat(date.source()).isEqualTo(Source.FILE_TIME);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2022, 7, 8, 11, 10, 11));
            assertThat(date.subsecond()).hasValue(1234);
            assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
        }

        @Test
        void missingFileHasNoDate() {
            assertThat(extractor.extract(dir.resolve("gone.jpg"), MediaKind.IMAGE)).isEmpty();
            assertThat(extractor.extract(dir.resolve("gone.mp4"), MediaKind.VIDEO)).isEmpty();
        }

        @Test
        void missingFileStillHasItsNameDate() {
            assertThat(extractor.extract(dir.resolve("IMG_20240102_123456.jpg"), MediaKind.IMAGE))
                    .map(CaptureDate::source).contains(Source.FILE_NAME);
        }
    }

    @Nested
    class BadContent {

        byte[] goodJpeg;
        byte[] goodMp4;

        @BeforeEach
        void write() {
            goodJpeg = Jpegs.builder().size(200, 150).dateTimeOriginal(ORIGINAL).xmpDateTimeOriginal("2023-01-01")
                    .thumbnail(true).bytes();
            goodMp4 = Mp4s.builder().moovAtEnd(true).mvhdCreation(Instant.parse("2024-07-01T10:00:00Z"))
                    .appleCreationDate("2024-07-01T12:00:00+0200").bytes();
        }

        Path file(String name, byte[] content) throws Exception {
            return withMtime(Files.write(dir.resolve(name), content));
        }

        @Test
        void emptyFilesFallToFileTime() throws Exception {
            assertThat(image(file("a.jpg", new byte[0])).source()).isEqualTo(Source.FILE_TIME);
            assertThat(video(file("a.mp4", new byte[0])).source()).isEqualTo(Source.FILE_TIME);
            assertThat(image(file("a.heic", new byte[0])).source()).isEqualTo(Source.FILE_TIME);
        }

        @Test
        void everyTruncationOfAJpegIsSafe() throws Exception {
            for (int length = 0; length < goodJpeg.length; length += 7) {
                byte[] cut = java.util.Arrays.copyOf(goodJpeg, length);
                CaptureDate date = image(file("cut.jpg", cut));
                assertThat(date.source()).isIn(Source.EXIF_ORIGINAL, Source.XMP, Source.FILE_TIME);
            }
        }

        @Test
        void everyTruncationOfAnMp4IsSafe() throws Exception {
            for (int length = 0; length < goodMp4.length; length += 3) {
                byte[] cut = java.util.Arrays.copyOf(goodMp4, length);
                CaptureDate date = video(file("cut.mp4", cut));
                assertThat(date.source()).isIn(Source.VIDEO_METADATA, Source.VIDEO_MVHD, Source.FILE_TIME);
            }
        }

        @Test
        void corruptedBytesNeverThrow() throws Exception {
            java.util.Random random = new java.util.Random(42);
            for (int round = 0; round < 300; round++) {
                byte[] jpeg = goodJpeg.clone();
                byte[] mp4 = goodMp4.clone();
                for (int i = 0; i < 5; i++) {
                    jpeg[random.nextInt(Math.min(jpeg.length, 2000))] = (byte) random.nextInt(256);
                    mp4[random.nextInt(mp4.length)] = (byte) random.nextInt(256);
                }
                assertThat(extractor.extract(file("c.jpg", jpeg), MediaKind.IMAGE)).isPresent();
                assertThat(extractor.extract(file("c.mp4", mp4), MediaKind.VIDEO)).isPresent();
            }
        }

        @Test
        void randomBytesWithMediaNames() throws Exception {
            byte[] noise = new byte[4096];
            new java.util.Random(7).nextBytes(noise);
            for (String name : new String[] {"n.jpg", "n.heic", "n.cr2", "n.png", "n.dng"}) {
                assertThat(image(file(name, noise)).source()).as(name).isEqualTo(Source.FILE_TIME);
            }
            for (String name : new String[] {"n.mp4", "n.mov", "n.avi", "n.mkv"}) {
                assertThat(video(file(name, noise)).source()).as(name).isEqualTo(Source.FILE_TIME);
            }
        }
    }
}
