package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * Real camera and phone samples, when a machine has them in {@code /work/shared/corpus/} (or the folder
 * named by the system property {@code photoorganizer.corpus}); skipped otherwise.
 *
 * <p>Every media file must get a date without an exception. If the corpus has an
 * {@code expected-dates.csv} ({@code relative/path,2024-01-02T12:34:56} per line), those dates must match.
 */
class CorpusCaptureDateTest {

    private static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp",
            "heic", "heif", "avif", "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf");
    private static final Set<String> VIDEOS = Set.of("mp4", "m4v", "mov", "avi", "mkv", "mpg", "mpeg", "wmv",
            "flv", "webm", "3gp", "mts", "m2ts");

    @Test
    void everySampleGetsADateWithoutThrowing() throws IOException {
        Path corpus = Path.of(System.getProperty("photoorganizer.corpus", "/work/shared/corpus"));
        assumeTrue(Files.isDirectory(corpus), "no sample corpus at " + corpus);
        Map<String, LocalDateTime> expected = expectedDates(corpus.resolve("expected-dates.csv"));
        MetadataCaptureDateExtractor extractor = new MetadataCaptureDateExtractor(Clock.systemDefaultZone(), new NioFileOps());

        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).filter(p -> kindOf(p).isPresent()).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "corpus has no media files");

        Map<CaptureDate.Source, Integer> bySource = new HashMap<>();
        for (Path file : files) {
            MediaKind kind = kindOf(file).orElseThrow();
            assertThatCode(() -> extractor.extract(file, kind)).as(file.toString()).doesNotThrowAnyException();
            Optional<CaptureDate> date = extractor.extract(file, kind);
            assertThat(date).as(file.toString()).isPresent();
            bySource.merge(date.get().source(), 1, Integer::sum);
            LocalDateTime want = expected.get(corpus.relativize(file).toString().replace('\\', '/'));
            if (want != null) {
                assertThat(date.get().dateTime()).as(file.toString()).isEqualTo(want);
            }
        }
        System.out.println("Corpus capture-date sources: " + bySource);
    }

    private static Optional<MediaKind> kindOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (name.startsWith(".") || dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (IMAGES.contains(ext)) {
            return Optional.of(MediaKind.IMAGE);
        }
        return VIDEOS.contains(ext) ? Optional.of(MediaKind.VIDEO) : Optional.empty();
    }

    private static Map<String, LocalDateTime> expectedDates(Path csv) throws IOException {
        Map<String, LocalDateTime> dates = new HashMap<>();
        if (Files.isRegularFile(csv)) {
            for (String line : Files.readAllLines(csv)) {
                int comma = line.lastIndexOf(',');
                if (comma > 0 && !line.startsWith("#")) {
                    dates.put(line.substring(0, comma).strip(), LocalDateTime.parse(line.substring(comma + 1).strip()));
                }
            }
        }
        return dates;
    }
}
