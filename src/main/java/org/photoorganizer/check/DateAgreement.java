package org.photoorganizer.check;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;

/**
 * How often the service's capture date agrees with ExifTool's, per format, over any folder of real
 * photos and videos (read only: nothing is written). Run by {@code scripts/check-real-photos}.
 *
 * <p>ExifTool is the oracle: for each file, the first of its date tags in the order of SPEC "Capture date"
 * (EXIF DateTimeOriginal, DateTimeDigitized, IFD0 DateTime, XMP exif:DateTimeOriginal,
 * photoshop:DateCreated, xmp:CreateDate; for videos Apple's creation date, {@code ©day}, then {@code mvhd}
 * in the NAS zone), skipping zero, pre-1970 and future values as the service does. A file ExifTool finds
 * no such date in is counted but not judged: its date comes from the name or the file times.
 */
public final class DateAgreement {

    private static final List<String> IMAGE_TAGS = List.of("ExifIFD:DateTimeOriginal", "IFD0:DateTimeOriginal",
            "ExifIFD:CreateDate", "IFD0:ModifyDate", "XMP-exif:DateTimeOriginal", "XMP-photoshop:DateCreated",
            "XMP-xmp:CreateDate");
    private static final List<String> VIDEO_TAGS = List.of("Keys:CreationDate", "UserData:ContentCreateDate",
            "ItemList:ContentCreateDate", "QuickTime:CreateDate");

    /** ExifTool's date for a file: the tag it came from and the wall time. */
    public record Oracle(String tag, String value, LocalDateTime dateTime) {}

    /** One file: its format (ExifTool's file type), ExifTool's date if any, and ours. */
    public record FileResult(Path file, String format, Optional<Oracle> exiftool, Optional<CaptureDate> ours,
                             String error) {
        public boolean dated() {
            return exiftool.isPresent();
        }

        public boolean agrees() {
            return exiftool.isPresent() && ours.isPresent()
                    && ours.get().dateTime().equals(exiftool.get().dateTime());
        }
    }

    private DateAgreement() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: java -cp photo-organizer.jar " + DateAgreement.class.getName() + " DIR");
            System.exit(2);
        }
        print(measure(Path.of(args[0]), ZoneId.systemDefault()), System.out);
    }

    /** Every photo and video below {@code dir}, dated by ExifTool and by the service (zone = the NAS's). */
    public static List<FileResult> measure(Path dir, ZoneId zone) throws IOException, InterruptedException {
        Map<Path, CSVRecord> oracle = exiftool(dir, zone);
        FileClassifier classifier = new FileClassifier();
        Clock clock = Clock.system(zone);
        MetadataCaptureDateExtractor extractor = new MetadataCaptureDateExtractor(clock, new NioFileOps());
        LocalDateTime latest = LocalDateTime.now(clock).plusDays(1);
        List<Path> files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !hidden(dir, p)).sorted().toList();
        }
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            Optional<MediaKind> kind = classifier.kindOf(file);
            if (kind.isEmpty()) {
                continue;
            }
            CSVRecord row = oracle.get(file.toAbsolutePath().normalize());
            String format = row != null && !value(row, "File:FileType").isEmpty() ? value(row, "File:FileType")
                    : FileClassifier.extension(file.getFileName().toString()).toUpperCase(Locale.ROOT);
            Optional<Oracle> expected = row == null ? Optional.empty()
                    : strongest(row, kind.get() == MediaKind.VIDEO ? VIDEO_TAGS : IMAGE_TAGS, zone, latest);
            Optional<CaptureDate> ours = Optional.empty();
            String error = "";
            try {
                ours = extractor.extract(file, kind.get());
            } catch (RuntimeException e) {
                error = e.toString();
            }
            results.add(new FileResult(file, format, expected, ours, error));
        }
        return results;
    }

    /** The table per format, the totals, then every disagreement with both dates. */
    public static void print(List<FileResult> results, PrintStream out) {
        Map<String, int[]> byFormat = new TreeMap<>();
        for (FileResult r : results) {
            int[] counts = byFormat.computeIfAbsent(r.format(), f -> new int[3]);
            counts[0]++;
            counts[1] += r.dated() ? 1 : 0;
            counts[2] += r.agrees() ? 1 : 0;
        }
        out.printf("%-14s %7s %17s %9s %12s %10s%n", "format", "files", "dated by exiftool", "agreeing",
                "disagreeing", "agreement");
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : byFormat.entrySet()) {
            int[] c = e.getValue();
            out.println(row(e.getKey(), c));
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        out.println(row("all", total));
        List<FileResult> disagreeing = results.stream().filter(r -> r.dated() && !r.agrees()).toList();
        if (!disagreeing.isEmpty()) {
            out.println();
            out.println("Disagreements (file | exiftool: tag = value | ours: date (source)):");
            for (FileResult r : disagreeing) {
                Oracle o = r.exiftool().orElseThrow();
                String ours = r.ours().map(d -> d.dateTime() + " (" + d.source() + ")")
                        .orElse(r.error().isEmpty() ? "no date" : "error: " + r.error());
                out.println(r.file() + " | exiftool: " + o.tag() + " = " + o.value() + " | ours: " + ours);
            }
        }
    }

    /** Agreement over the files ExifTool dated, as a fraction (1.0 when none was dated). */
    public static double agreement(List<FileResult> results) {
        long dated = results.stream().filter(FileResult::dated).count();
        long agreeing = results.stream().filter(FileResult::agrees).count();
        return dated == 0 ? 1.0 : (double) agreeing / dated;
    }

    private static String row(String format, int[] c) {
        String percent = c[1] == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * c[2] / c[1]);
        return String.format(Locale.ROOT, "%-14s %7d %17d %9d %12d %10s", format, c[0], c[1], c[2], c[1] - c[2],
                percent);
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            if (name.startsWith(".") || name.equals("@eaDir") || name.startsWith("#")) {
                return true;
            }
        }
        return false;
    }

    static Optional<Oracle> strongest(CSVRecord row, List<String> tags, ZoneId zone, LocalDateTime latest) {
        for (String tag : tags) {
            String value = value(row, tag);
            Optional<LocalDateTime> parsed = parse(value, zone);
            if (parsed.isPresent() && parsed.get().isAfter(LocalDateTime.of(1970, 1, 1, 0, 0))
                    && !parsed.get().isAfter(latest)) {
                return Optional.of(new Oracle(tag, value, parsed.get()));
            }
        }
        return Optional.empty();
    }

    /** ExifTool's {@code yyyy:MM:dd HH:mm:ss[.ss][+hh:mm|Z]} or a date alone; a {@code Z} time is shown in the zone. */
    static Optional<LocalDateTime> parse(String value, ZoneId zone) {
        String v = value.strip();
        try {
            if (v.matches("\\d{4}:\\d{2}:\\d{2}")) {
                return Optional.of(LocalDate.of(Integer.parseInt(v.substring(0, 4)),
                        Integer.parseInt(v.substring(5, 7)), Integer.parseInt(v.substring(8, 10))).atStartOfDay());
            }
            if (!v.matches("\\d{4}:\\d{2}:\\d{2} \\d{2}:\\d{2}:\\d{2}.*")) {
                return Optional.empty();
            }
            LocalDateTime wall = LocalDateTime.of(Integer.parseInt(v.substring(0, 4)),
                    Integer.parseInt(v.substring(5, 7)), Integer.parseInt(v.substring(8, 10)),
                    Integer.parseInt(v.substring(11, 13)), Integer.parseInt(v.substring(14, 16)),
                    Integer.parseInt(v.substring(17, 19)));
            if (v.endsWith("Z")) {
                wall = LocalDateTime.ofInstant(wall.toInstant(ZoneOffset.UTC), zone);
            }
            return Optional.of(wall);
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String value(CSVRecord row, String column) {
        return row.isMapped(column) && row.isSet(column) ? row.get(column) : "";
    }

    private static Map<Path, CSVRecord> exiftool(Path dir, ZoneId zone) throws IOException, InterruptedException {
        // QuickTimeUTC: mvhd is UTC and shown in TZ, the zone the service shows it in.
        ProcessBuilder builder = new ProcessBuilder("exiftool", "-csv", "-G1", "-a", "-r", "-q", "-q", "-m",
                "-api", "QuickTimeUTC", "-File:FileType", "-time:all", dir.toAbsolutePath().toString());
        builder.environment().put("TZ", zone.getId());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("ExifTool is needed as the oracle (apt-get install libimage-exiftool-perl): " + e, e);
        }
        String csv = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IOException("ExifTool did not finish within an hour");
        }
        Map<Path, CSVRecord> rows = new TreeMap<>();
        if (csv.isBlank()) {
            return rows;
        }
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().build().parse(new StringReader(csv))) {
            for (CSVRecord row : parser) {
                rows.put(Path.of(row.get("SourceFile")).toAbsolutePath().normalize(), row);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows;
    }
}
