package org.photoorganizer.date;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.ToolMade;

/**
 * A varied corpus of dated photos and videos made by the real tools, for measuring agreement with ExifTool
 * ({@code DateCorpusAgreementTest}, and by hand: {@code java -cp ... org.photoorganizer.date.DateCorpus DIR N}
 * then {@code scripts/check-real-photos DIR}).
 *
 * <p>Seeded, so the same N gives the same files. Many "makes" (ExifTool-written Make/Model), tag layouts
 * (DateTimeOriginal with or without sub-seconds and offset, only DateTimeDigitized, only IFD0 DateTime,
 * only XMP), Apple maker notes intact and malformed, phones' MP4/MOV with Apple keys, {@code ©day} and
 * {@code mvhd}, HEIC/AVIF/WebP/JPEG XL/PNG/TIFF with EXIF or XMP, and files dated only by their names.
 */
public final class DateCorpus {

    private static final DateTimeFormatter EXIF = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final String[][] CAMERAS = {
        {"Canon", "Canon EOS R6"}, {"NIKON CORPORATION", "NIKON D750"}, {"SONY", "ILCE-7M3"},
        {"FUJIFILM", "X-T3"}, {"OLYMPUS CORPORATION", "E-M10MarkIII"}, {"Panasonic", "DC-GH5"},
        {"PENTAX", "PENTAX K-1"}, {"Apple", "iPhone 13"}, {"samsung", "SM-G991B"}, {"Google", "Pixel 7"},
        {"Xiaomi", "Redmi Note 8"}, {"HUAWEI", "ELE-L29"}, {"GoPro", "HERO9 Black"}, {"DJI", "FC3170"},
        {"LEICA CAMERA AG", "LEICA Q2"}, {"RICOH IMAGING COMPANY, LTD.", "GR III"}};
    private static final String[] OFFSETS = {"+02:00", "-05:00", "+09:00", "+00:00", "+05:30", "-03:30"};

    private final Path dir;
    private final Random random;
    private final Path appleNote;
    private int n;

    private DateCorpus(Path dir, long seed) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.random = new Random(seed);
        this.appleNote = Files.write(Files.createTempFile("apple-makernote", ".bin"), ToolMade.appleMakerNote());
        appleNote.toFile().deleteOnExit();
    }

    public static void main(String[] args) throws IOException {
        List<Path> files = make(Path.of(args[0]), Integer.parseInt(args[1]), 20240814);
        System.out.println(files.size() + " files in " + args[0]);
    }

    /** Makes about {@code count} files in {@code dir} (one of each kind per round). */
    public static List<Path> make(Path dir, int count, long seed) throws IOException {
        DateCorpus corpus = new DateCorpus(dir, seed);
        List<Path> files = new ArrayList<>();
        while (files.size() < count) {
            files.addAll(corpus.round());
        }
        return files;
    }

    private List<Path> round() throws IOException {
        List<Path> made = new ArrayList<>();
        made.add(cameraJpeg(false));
        made.add(cameraJpeg(true));
        made.add(digitizedOnlyJpeg());
        made.add(ifd0OnlyJpeg());
        made.add(xmpOnly("jpg"));
        made.add(nameOnlyJpeg());
        made.add(ToolMade.convert(cameraJpeg(false), file("png")));
        made.add(xmpOnly("png"));
        made.add(tiff());
        made.add(xmpOnly("tif"));
        made.add(ToolMade.webp(cameraJpeg(false), file("webp"), true));
        made.add(xmpOnly("webp"));
        made.add(ToolMade.heif(cameraJpeg(random.nextInt(3) == 0), file("heic")));
        made.add(ToolMade.heif(cameraJpeg(false), file("avif")));
        made.add(xmpOnly("heic"));
        made.add(jxl(true));
        made.add(jxl(false));
        made.add(phoneVideo("MOV", true));
        made.add(phoneVideo("mp4", false));
        made.add(cameraVideo("MP4"));
        made.add(cameraVideo("mov"));
        for (Path file : made) {
            // A file time far from every metadata date, as after a copy.
            FileTimes.setModified(file, LocalDateTime.of(2025, 1, 1, 12, 0).plusMinutes(n), java.time.ZoneOffset.UTC);
        }
        return made;
    }

    private Path file(String extension) {
        return dir.resolve(String.format("f%04d.%s", ++n, extension));
    }

    private LocalDateTime randomDate() {
        return LocalDateTime.of(2000 + random.nextInt(25), 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60));
    }

    private String[] camera() {
        return CAMERAS[random.nextInt(CAMERAS.length)];
    }

    private Path cameraJpeg(boolean brokenMakerNote) throws IOException {
        String[] camera = brokenMakerNote ? new String[] {"Apple", "iPhone 12 Pro"} : camera();
        LocalDateTime taken = randomDate();
        List<String> tags = new ArrayList<>(List.of("-Make=" + camera[0], "-Model=" + camera[1],
                "-DateTimeOriginal=" + EXIF.format(taken), "-CreateDate=" + EXIF.format(taken),
                "-ModifyDate=" + EXIF.format(taken.plusDays(random.nextInt(300)))));
        if (random.nextBoolean()) {
            tags.add("-SubSecTimeOriginal=" + random.nextInt(1000));
        }
        if (random.nextBoolean()) {
            tags.add("-OffsetTimeOriginal=" + OFFSETS[random.nextInt(OFFSETS.length)]);
        }
        if ("Apple".equals(camera[0])) {
            tags.add("-MakerNoteApple<=" + appleNote);
        }
        Path jpeg = ToolMade.exiftool(ToolMade.jpeg(file("jpg"), n), tags.toArray(String[]::new));
        if (brokenMakerNote) {
            ToolMade.patch(jpeg, "Uvalue".getBytes(StandardCharsets.US_ASCII), "Uvxlue".getBytes(StandardCharsets.US_ASCII));
        }
        return jpeg;
    }

    private Path digitizedOnlyJpeg() {
        return ToolMade.exiftool(ToolMade.jpeg(file("jpg"), n), "-Make=" + camera()[0],
                "-CreateDate=" + EXIF.format(randomDate()), "-SubSecTimeDigitized=5");
    }

    private Path ifd0OnlyJpeg() {
        return ToolMade.exiftool(ToolMade.jpeg(file("jpg"), n), "-Make=Epson", "-Model=Perfection V600",
                "-ModifyDate=" + EXIF.format(randomDate()));
    }

    private Path xmpOnly(String extension) {
        String[] properties = {"-XMP-exif:DateTimeOriginal=", "-XMP-photoshop:DateCreated=", "-XMP-xmp:CreateDate="};
        String value = EXIF.format(randomDate()) + (random.nextBoolean() ? OFFSETS[random.nextInt(OFFSETS.length)] : "");
        Path image = switch (extension) {
            case "jpg" -> ToolMade.jpeg(file("jpg"), n);
            case "webp" -> ToolMade.webp(ToolMade.jpeg(file("src.jpg"), n), file("webp"), false);
            case "heic" -> ToolMade.heif(ToolMade.jpeg(file("src.jpg"), n), file("heic"));
            default -> ToolMade.imageMagick(file(extension), n);
        };
        deleteSources();
        return ToolMade.exiftool(image, properties[random.nextInt(properties.length)] + value);
    }

    private Path nameOnlyJpeg() {
        return ToolMade.jpeg(dir.resolve("IMG_" + NAME.format(randomDate()) + ".jpg"), ++n);
    }

    private Path tiff() {
        LocalDateTime taken = randomDate();
        return ToolMade.exiftool(ToolMade.imageMagick(file("tif"), n), "-Make=" + camera()[0],
                "-DateTimeOriginal=" + EXIF.format(taken), "-OffsetTimeOriginal=" + OFFSETS[random.nextInt(OFFSETS.length)]);
    }

    private Path jxl(boolean exif) {
        Path jxl = ToolMade.jxl(ToolMade.imageMagick(file("src.png"), n), file("jxl"));
        deleteSources();
        String date = EXIF.format(randomDate());
        return exif ? ToolMade.exiftool(jxl, "-Make=" + camera()[0], "-DateTimeOriginal=" + date)
                : ToolMade.exiftool(jxl, "-XMP-xmp:CreateDate=" + date);
    }

    /** A phone video: mvhd in UTC, and Apple's creation date (iPhone) or {@code ©day} with the offset. */
    private Path phoneVideo(String extension, boolean apple) {
        LocalDateTime local = randomDate();
        String offset = OFFSETS[random.nextInt(OFFSETS.length)];
        java.time.Instant utc = local.atOffset(java.time.ZoneOffset.of(offset)).toInstant();
        Path video = ToolMade.video(file(extension), "creation_time=" + utc,
                "date=" + ISO.format(local) + offset.replace(":", ""));
        if (apple) {
            ToolMade.exiftool(video, "-Keys:Make=Apple", "-Keys:Model=iPhone 13",
                    "-Keys:CreationDate=" + EXIF.format(local) + offset);
        }
        return video;
    }

    /** A camera or screen recorder: mvhd only (UTC), or nothing at all (1904). */
    private Path cameraVideo(String extension) {
        if (random.nextInt(4) == 0) {
            return ToolMade.video(file(extension));
        }
        return ToolMade.video(file(extension), "creation_time=" + randomDate().toInstant(java.time.ZoneOffset.UTC));
    }

    private void deleteSources() {
        try (var list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.getFileName().toString().contains(".src.")).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
