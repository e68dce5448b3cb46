package org.photoorganizer.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Mp4s;
import org.photoorganizer.fixtures.Pngs;

/**
 * A seeded inbox of small but real media files in the mix a NAS inbox sees: dated JPEGs, PNGs dated by
 * name, MP4s, exact copies under other names, re-encoded (visually similar) versions, burst shots in
 * the same second, undatable files, and some that must fail or be skipped (corrupt, empty, not media).
 * Pictures are tiny so that many runs stay cheap; every code path still sees real metadata.
 */
final class Corpus {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Instant BEFORE_1970 = Instant.parse("1965-06-01T12:00:00Z");

    private Corpus() {}

    /** Writes {@code count} files into {@code dir} (some in sub-folders); returns the paths written. */
    static List<Path> write(Path dir, int count, long seed) {
        Random random = new Random(seed);
        List<Path> written = new ArrayList<>();
        List<Path> media = new ArrayList<>();
        LocalDateTime lastDate = LocalDateTime.of(2020, 1, 1, 0, 0);
        long lastSeed = 0;
        for (int i = 0; i < count; i++) {
            String folder = i % 7 == 0 ? "sub" + (i % 5) + "/" : "";
            LocalDateTime date = LocalDateTime.of(2015 + random.nextInt(10), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
            int kind = random.nextInt(100);
            long pictureSeed = seed * 1_000_003L + i;
            Path file;
            if (kind < 50) {
                file = Jpegs.builder().size(32, 24).seed(pictureSeed).dateTimeOriginal(date)
                        .writeTo(dir.resolve(folder + "DSC_" + i + ".jpg"));
            } else if (kind < 60) {
                file = Pngs.builder().size(24, 24).seed(pictureSeed)
                        .writeTo(dir.resolve(folder + "IMG_" + NAME.format(date) + "_" + i + ".png"));
            } else if (kind < 75) {
                file = Mp4s.builder().seed(pictureSeed).mdatSize(200 + random.nextInt(400))
                        .mvhdCreation(date.toInstant(ZoneOffset.UTC)).writeTo(dir.resolve(folder + "clip" + i + ".MP4"));
            } else if (kind < 83 && !media.isEmpty()) {
                Path original = media.get(random.nextInt(media.size()));
                file = copy(original, dir.resolve(folder + "copy of " + i + "_" + original.getFileName()));
            } else if (kind < 88 && lastSeed != 0) {
                // The same picture again, bigger and re-encoded: visually similar, not identical.
                file = Jpegs.builder().size(48, 36).seed(lastSeed).quality(0.95f).dateTimeOriginal(lastDate)
                        .writeTo(dir.resolve(folder + "edited_" + i + ".JPG"));
            } else if (kind < 92) {
                // A burst: another picture taken in the same second as the previous one.
                file = Jpegs.builder().size(32, 24).seed(pictureSeed).dateTimeOriginal(lastDate)
                        .writeTo(dir.resolve(folder + "burst_" + i + ".jpg"));
            } else if (kind < 95) {
                file = FileTimes.setAll(Jpegs.builder().size(32, 24).seed(pictureSeed)
                        .writeTo(dir.resolve(folder + "scan " + i + ".jpeg")), BEFORE_1970);
            } else if (kind < 97) {
                file = text(dir.resolve(folder + "notes" + i + ".txt"), "not a photo " + i);
            } else if (kind < 99) {
                byte[] jpeg = Jpegs.builder().size(32, 24).seed(pictureSeed).dateTimeOriginal(date).bytes();
                file = bytes(dir.resolve(folder + "broken" + i + ".jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
            } else {
                file = bytes(dir.resolve(folder + "empty" + i + ".jpg"), new byte[0]);
            }
            if (kind < 60) {
                lastSeed = pictureSeed;
                lastDate = date;
            }
            if (kind < 75) {
                media.add(file);
            }
            written.add(file);
        }
        return written;
    }

    /** Copies a folder tree, keeping modification times (an undatable file must stay undatable). */
    static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            return Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path bytes(Path to, byte[] content) {
        try {
            Files.createDirectories(to.getParent());
            return Files.write(to, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path text(Path to, String content) {
        return bytes(to, content.getBytes(StandardCharsets.UTF_8));
    }
}
