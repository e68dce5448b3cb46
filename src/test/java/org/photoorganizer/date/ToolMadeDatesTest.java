package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.date.CaptureDate.Source;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.Pngs;
import org.photoorganizer.fixtures.ToolMade;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * Capture dates of files made by the real tools (ExifTool, ImageMagick, ffmpeg, heif-enc, cwebp, cjxl), in
 * the layouts cameras, phones and editors write. Every file also has a modification time far from its
 * metadata date, so a test passes only when the metadata was read.
 */
class ToolMadeDatesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDateTime MTIME = LocalDateTime.of(2021, 3, 3, 3, 3, 3);
    static final String TAKEN = "2023:08:14 13:47:57";
    static final LocalDateTime TAKEN_AT = LocalDateTime.of(2023, 8, 14, 13, 47, 57);

    @TempDir Path dir;

    final MetadataCaptureDateExtractor extractor = new MetadataCaptureDateExtractor(
            Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), BERLIN), new NioFileOps());

    CaptureDate date(Path file, MediaKind kind) {
        FileTimes.setModified(file, MTIME, BERLIN);
        Optional<CaptureDate> date = extractor.extract(file, kind);
        assertThat(date).as("date of %s", file.getFileName()).isPresent();
        return date.get();
    }

    CaptureDate image(Path file) {
        return date(file, MediaKind.IMAGE);
    }

    CaptureDate video(Path file) {
        return date(file, MediaKind.VIDEO);
    }

    /** A camera JPEG: ExifTool-written Make/Model, DateTimeOriginal with sub-seconds and offset. */
    Path cameraJpeg(String name) {
        return ToolMade.exiftool(ToolMade.jpeg(dir.resolve(name), 1), "-Make=Canon", "-Model=Canon EOS R6",
                "-DateTimeOriginal=" + TAKEN, "-SubSecTimeOriginal=42", "-OffsetTimeOriginal=+02:00");
    }

    static void assertCameraDate(CaptureDate date) {
        assertThat(date.source()).isEqualTo(Source.EXIF_ORIGINAL);
        assertThat(date.dateTime()).isEqualTo(TAKEN_AT);
        assertThat(date.subsecond()).hasValue(4200);
        assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
    }

    @Nested
    class ExifInOtherContainers {

        @Test
        void avifFromHeifEncKeepsTheJpegsExif() {
            assertCameraDate(image(ToolMade.heif(cameraJpeg("a.jpg"), dir.resolve("IMG_1.avif"))));
        }

        @Test
        void heicFromHeifEncKeepsTheJpegsExif() {
            assertCameraDate(image(ToolMade.heif(cameraJpeg("a.jpg"), dir.resolve("IMG_1.heic"))));
        }

        @Test
        void webpFromCwebpWithExif() {
            assertCameraDate(image(ToolMade.webp(cameraJpeg("a.jpg"), dir.resolve("IMG_1.webp"), true)));
        }

        @Test
        void jpegXlWithAnExifBox() {
            Path jxl = ToolMade.jxl(ToolMade.imageMagick(dir.resolve("a.png"), 2), dir.resolve("IMG_1.jxl"));
            ToolMade.exiftool(jxl, "-DateTimeOriginal=" + TAKEN, "-SubSecTimeOriginal=42",
                    "-OffsetTimeOriginal=+02:00");

            assertCameraDate(image(jxl));
        }

        @Test
        void pngWithAnExifChunkFromImageMagick() {
            assertCameraDate(image(ToolMade.convert(cameraJpeg("a.jpg"), dir.resolve("IMG_1.png"))));
        }

        @Test
        void pngWithExifAsRawProfileTextAsGimpWritesIt() throws IOException {
            // GIMP (exiv2) and older ImageMagick keep EXIF as hex text: "\nexif\n  LENGTH\nhex...".
            byte[] exif = ToolMade.exiftoolOutput("-b", "-Exif", cameraJpeg("a.jpg").toString());
            StringBuilder text = new StringBuilder("\nexif\n" + String.format("%8d", exif.length + 6) + "\n");
            byte[] block = new byte[exif.length + 6];
            System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, block, 0, 6);
            System.arraycopy(exif, 0, block, 6, exif.length);
            for (int i = 0; i < block.length; i++) {
                text.append(String.format("%02x", block[i] & 0xFF)).append(i % 36 == 35 ? "\n" : "");
            }
            Path png = ToolMade.imageMagick(dir.resolve("gimp.png"), 12);
            Files.write(png, Pngs.withText(Files.readAllBytes(png), "Raw profile type exif", text + "\n"));

            assertCameraDate(image(png));
        }

        @Test
        void tiffWithExifFromExiftool() {
            Path tiff = ToolMade.exiftool(ToolMade.imageMagick(dir.resolve("scan.tif"), 3),
                    "-DateTimeOriginal=" + TAKEN, "-SubSecTimeOriginal=42", "-OffsetTimeOriginal=+02:00");

            assertCameraDate(image(tiff));
        }
    }

    @Nested
    class XmpOnly {

        static final String XMP_DATE = "2022:02:03 04:05:06+01:00";
        static final LocalDateTime XMP_AT = LocalDateTime.of(2022, 2, 3, 4, 5, 6);

        void assertXmpDate(Path file) {
            CaptureDate date = image(file);
            assertThat(date.source()).isEqualTo(Source.XMP);
            assertThat(date.dateTime()).isEqualTo(XMP_AT);
            assertThat(date.offset()).contains(ZoneOffset.ofHours(1));
        }

        @Test
        void pngItxtXmp() {
            assertXmpDate(ToolMade.exiftool(ToolMade.imageMagick(dir.resolve("a.png"), 4),
                    "-XMP-exif:DateTimeOriginal=" + XMP_DATE));
        }

        @Test
        void webpXmpChunkWithCreateDateOnly() {
            Path webp = ToolMade.webp(ToolMade.jpeg(dir.resolve("a.jpg"), 5), dir.resolve("a.webp"), false);
            assertXmpDate(ToolMade.exiftool(webp, "-XMP-xmp:CreateDate=" + XMP_DATE));
        }

        @Test
        void heicXmpItem() {
            Path heic = ToolMade.heif(ToolMade.jpeg(dir.resolve("a.jpg"), 6), dir.resolve("a.heic"));
            assertXmpDate(ToolMade.exiftool(heic, "-XMP-photoshop:DateCreated=" + XMP_DATE));
        }

        @Test
        void avifXmpItem() {
            Path avif = ToolMade.heif(ToolMade.jpeg(dir.resolve("a.jpg"), 7), dir.resolve("a.avif"));
            assertXmpDate(ToolMade.exiftool(avif, "-XMP-exif:DateTimeOriginal=" + XMP_DATE));
        }

        @Test
        void jpegXlXmlBox() {
            Path jxl = ToolMade.jxl(ToolMade.imageMagick(dir.resolve("a.png"), 8), dir.resolve("a.jxl"));
            assertXmpDate(ToolMade.exiftool(jxl, "-XMP-xmp:CreateDate=" + XMP_DATE));
        }

        @Test
        void tiffXmp() {
            assertXmpDate(ToolMade.exiftool(ToolMade.imageMagick(dir.resolve("a.tif"), 9),
                    "-XMP-photoshop:DateCreated=" + XMP_DATE));
        }

        @Test
        void xmpOrderIsDateTimeOriginalThenDateCreatedThenCreateDate() {
            Path jpeg = ToolMade.exiftool(ToolMade.jpeg(dir.resolve("a.jpg"), 10),
                    "-XMP-xmp:CreateDate=2020:01:01 00:00:03", "-XMP-photoshop:DateCreated=2020:01:01 00:00:02",
                    "-XMP-exif:DateTimeOriginal=" + XMP_DATE);
            assertXmpDate(jpeg);

            ToolMade.exiftool(jpeg, "-XMP-exif:DateTimeOriginal=");
            assertThat(image(jpeg).dateTime()).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 0, 2));

            ToolMade.exiftool(jpeg, "-XMP-photoshop:DateCreated=");
            assertThat(image(jpeg).dateTime()).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 0, 3));
        }
    }

    @Nested
    class MalformedMakerNote {

        /** An iPhone-style JPEG: Apple maker note with its run-time plist, written by ExifTool. */
        Path iphoneJpeg() throws IOException {
            Path note = Files.write(dir.resolve("apple-makernote.bin"), ToolMade.appleMakerNote());
            return ToolMade.exiftool(ToolMade.jpeg(dir.resolve("IMG_0001.JPG"), 11), "-Make=Apple",
                    "-Model=iPhone 13", "-DateTimeOriginal=" + TAKEN, "-SubSecTimeOriginal=42",
                    "-OffsetTimeOriginal=+02:00", "-MakerNoteApple<=" + note);
        }

        @Test
        void readableMakerNoteAsAControl() throws IOException {
            assertCameraDate(image(iphoneJpeg()));
        }

        @Test
        void brokenRunTimePlistKeepsTheExifDate() throws IOException {
            // The plist loses its "value" key; metadata-extractor's Apple reader then throws.
            Path file = ToolMade.patch(iphoneJpeg(), "Uvalue".getBytes(StandardCharsets.US_ASCII),
                    "Uvxlue".getBytes(StandardCharsets.US_ASCII));

            assertCameraDate(image(file));
        }

        @Test
        void brokenRunTimePlistInAHeicKeepsTheExifDate() throws IOException {
            Path heic = ToolMade.heif(iphoneJpeg(), dir.resolve("IMG_0001.HEIC"));
            ToolMade.patch(heic, "Uvalue".getBytes(StandardCharsets.US_ASCII),
                    "Uvxlue".getBytes(StandardCharsets.US_ASCII));

            assertCameraDate(image(heic));
        }
    }

    @Nested
    class Videos {

        static final String MVHD_UTC = "2024-07-01T08:00:00Z";

        @Test
        void mp4DayInIlstWinsOverMvhd() {
            Path file = ToolMade.video(dir.resolve("VID.mp4"), "creation_time=" + MVHD_UTC,
                    "date=2023-03-04T05:06:07+0900");

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_METADATA);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2023, 3, 4, 5, 6, 7));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(9));
        }

        @Test
        void movDayInUdtaWinsOverMvhd() {
            Path file = ToolMade.video(dir.resolve("clip.mov"), "creation_time=" + MVHD_UTC,
                    "date=2023-03-04T05:06:07-0500");

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_METADATA);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2023, 3, 4, 5, 6, 7));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(-5));
        }

        @Test
        void appleCreationDateWinsOverDayAndMvhd() {
            Path file = ToolMade.video(dir.resolve("IMG_0002.MOV"), "creation_time=" + MVHD_UTC,
                    "date=2023-03-04T05:06:07-0500");
            ToolMade.exiftool(file, "-Keys:CreationDate=2024:07:01 10:00:00-04:00", "-Keys:Make=Apple");

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_METADATA);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 7, 1, 10, 0));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(-4));
        }

        @Test
        void mvhdAloneIsUtcShownInTheNasZone() {
            Path file = ToolMade.video(dir.resolve("VID.mp4"), "creation_time=" + MVHD_UTC);

            CaptureDate date = video(file);

            assertThat(date.source()).isEqualTo(Source.VIDEO_MVHD);
            assertThat(date.dateTime()).isEqualTo(LocalDateTime.of(2024, 7, 1, 10, 0));
            assertThat(date.offset()).contains(ZoneOffset.ofHours(2));
        }
    }
}
