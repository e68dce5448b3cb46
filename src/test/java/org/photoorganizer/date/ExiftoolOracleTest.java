package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.ExternalTools;
import org.photoorganizer.fixtures.Mp4s;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * Our capture dates against an independent reader: ExifTool (installed by {@code .ci/run}; the test
 * skips without it). Seeded random photos and videos carry random subsets of the date tags, so the
 * priority order of SPEC "Capture date" is exercised too: ExifTool reports every tag, and the
 * expected date is the first of them in SPEC's order.
 */
class ExiftoolOracleTest {
    private static final ZoneId NAS_ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter EXIF = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    @TempDir
    Path dir;

    @Test
    void everyFileGetsTheDateExifToolReadsFromTheStrongestTag() throws Exception {
        ExternalTools.require("exiftool", "-ver", "libimage-exiftool-perl");
        Random random = new Random(20240814);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(randomPhoto(random, i));
        }
        for (int i = 0; i < 30; i++) {
            files.add(randomVideo(random, i));
        }
        Map<String, CSVRecord> oracle = exiftool();
        MetadataCaptureDateExtractor extractor = new MetadataCaptureDateExtractor(
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), NAS_ZONE), new NioFileOps());

        int compared = 0;
        for (Path file : files) {
            CSVRecord row = oracle.get(file.getFileName().toString());
            Optional<LocalDateTime> expected = strongestDate(row);
            if (expected.isEmpty()) {
                continue;
            }
            MediaKind kind = file.toString().endsWith(".jpg") ? MediaKind.IMAGE : MediaKind.VIDEO;
            Optional<CaptureDate> ours = extractor.extract(file, kind);
            assertThat(ours).as("%s: %s", file.getFileName(), row.toMap()).isPresent();
            assertThat(ours.get().dateTime()).as("%s: %s", file.getFileName(), row.toMap()).isEqualTo(expected.get());
            String subSec = value(row, "ExifIFD:SubSecTimeOriginal");
            if (ours.get().source() == CaptureDate.Source.EXIF_ORIGINAL && !subSec.isEmpty()) {
                assertThat(ours.get().subsecond()).as(file.getFileName().toString())
                        .hasValue(Integer.parseInt((subSec + "0000").substring(0, 4)));
            }
            compared++;
        }
        assertThat(compared).as("files with a metadata date").isGreaterThan(50);
    }

    private Path randomPhoto(Random random, int i) {
        Jpegs.Builder builder = Jpegs.builder().size(48, 32).seed(i);
        LocalDateTime date = randomDate(random);
        if (random.nextInt(3) > 0) {
            builder.dateTimeOriginal(date);
            if (random.nextBoolean()) {
                builder.subSec(Integer.toString(random.nextInt(1000)));
            }
            if (random.nextBoolean()) {
                builder.offset(random.nextBoolean() ? "+02:00" : "-05:00");
            }
        }
        if (random.nextBoolean()) {
            builder.dateTimeDigitized(date.plusSeconds(random.nextInt(3)));
        }
        if (random.nextBoolean()) {
            builder.dateTime(date.plusDays(random.nextInt(400)));
        }
        if (random.nextInt(4) == 0) {
            builder.xmpDateTimeOriginal(date.minusHours(1).toString());
        }
        return builder.writeTo(dir.resolve("photo-" + i + ".jpg"));
    }

    private Path randomVideo(Random random, int i) {
        Mp4s.Builder builder = Mp4s.builder().seed(i);
        LocalDateTime date = randomDate(random);
        boolean quickTime = random.nextBoolean();
        if (quickTime) {
            builder.quickTime();
        }
        if (random.nextInt(3) > 0) {
            // Either a real moment (UTC, as cameras write it) or the 1904 zero that means "unknown".
            builder.mvhdCreation(random.nextInt(5) == 0 ? Instant.parse("1904-01-01T00:00:00Z")
                    : date.atZone(NAS_ZONE).toInstant());
        }
        if (random.nextInt(3) == 0) {
            builder.day(date.plusMinutes(7) + "+09:00");
        }
        if (random.nextInt(3) == 0) {
            builder.appleCreationDate(date.plusMinutes(3) + "-0400");
        }
        return builder.writeTo(dir.resolve("video-" + i + (quickTime ? ".mov" : ".mp4")));
    }

    private static LocalDateTime randomDate(Random random) {
        return LocalDateTime.of(1995 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60));
    }

    /** The first date of SPEC's order among what ExifTool found; metadata only, never file times. */
    private static Optional<LocalDateTime> strongestDate(CSVRecord row) {
        for (String column : List.of("ExifIFD:DateTimeOriginal", "ExifIFD:CreateDate", "IFD0:ModifyDate",
                "XMP-exif:DateTimeOriginal", "XMP-photoshop:DateCreated", "Keys:CreationDate",
                "UserData:ContentCreateDate", "ItemList:ContentCreateDate", "QuickTime:CreateDate")) {
            String value = value(row, column);
            if (value.length() >= 19 && !value.startsWith("0000") && !value.startsWith("1904")) {
                return Optional.of(LocalDateTime.parse(value.substring(0, 19), EXIF));
            }
        }
        return Optional.empty();
    }

    private static String value(CSVRecord row, String column) {
        return row.isMapped(column) ? row.get(column) : "";
    }

    private Map<String, CSVRecord> exiftool() throws IOException, InterruptedException {
        // QuickTimeUTC: mvhd times are UTC and shown in TZ, which is the NAS zone the extractor gets.
        ProcessBuilder builder = new ProcessBuilder("exiftool", "-csv", "-G1", "-a", "-time:all", "-api",
                "QuickTimeUTC", "-q", dir.toString()).redirectErrorStream(false);
        builder.environment().put("TZ", NAS_ZONE.getId());
        Process process = builder.start();
        String csv = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, CSVRecord> rows = new HashMap<>();
        try (Reader reader = new StringReader(csv);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().build().parse(reader)) {
            for (CSVRecord row : parser) {
                rows.put(Path.of(row.get("SourceFile")).getFileName().toString(), row);
            }
        }
        return rows;
    }
}
