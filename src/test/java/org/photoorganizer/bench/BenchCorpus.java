package org.photoorganizer.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.photoorganizer.fixtures.Jpegs;

/**
 * The corpora of {@code scripts/bench}, generated deterministically (fixed seeds, no downloads) and kept
 * between runs:
 * <ul>
 *   <li>{@code realistic DIR [PHOTOS]}: a camera card dump. PHOTOS (300) camera-like 12-megapixel JPEGs
 *   (sensor-like noise, so ~3.5 MB each; Make, Model, firmware, pixel size, DateTimeOriginal one minute apart),
 *   every tenth from the first three without an EXIF thumbnail (30 %); one exact copy under another name for
 *   every fifteenth photo; 22 PNGs (1600x1200, exported photos with noise); one 4K H.264 MP4 made by ffmpeg
 *   (10 s, ~70 MB). For 300 photos: 343 files, about 1.28 GB.</li>
 *   <li>{@code small DIR COUNT}: COUNT small photos (320x240, EXIF date and thumbnail, each a different
 *   picture, ~10 KB).</li>
 * </ul>
 * Writes {@code DIR/.complete} when done; a folder with that mark is left alone.
 */
public final class BenchCorpus {
    private static final LocalDateTime FIRST_SHOT = LocalDateTime.of(2024, 8, 14, 9, 0, 0);

    private BenchCorpus() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (Files.exists(dir.resolve(".complete"))) {
            return;
        }
        Files.createDirectories(dir);
        switch (args[0]) {
            case "realistic" -> realistic(dir, args.length > 2 ? Integer.parseInt(args[2]) : 300);
            case "small" -> small(dir, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("realistic DIR [PHOTOS] | small DIR COUNT");
        }
        Files.createFile(dir.resolve(".complete"));
    }

    static void realistic(Path dir, int photos) throws Exception {
        Path card = Files.createDirectories(dir.resolve("DCIM/100CANON"));
        IntStream.range(0, photos).parallel().forEach(i -> {
            Path file = card.resolve(String.format("IMG_%04d.JPG", i));
            if (Files.exists(file)) {
                return;
            }
            BufferedImage picture = Jpegs.picture(1000 + i, 4000, 3000);
            addNoise(picture, 1000 + i, 12);
            Jpegs.builder().image(picture).quality(0.9f).thumbnail(i % 10 >= 3).model("Bench EOS")
                    .software("Firmware 1.0.2").exifPixelSize(true).dateTimeOriginal(FIRST_SHOT.plusMinutes(i))
                    .writeTo(file);
        });
        Path copies = Files.createDirectories(dir.resolve("Phone/Copies"));
        for (int i = 0; i < photos; i += 15) {
            Files.copy(card.resolve(String.format("IMG_%04d.JPG", i)), copies.resolve(String.format("IMG_%04d copy.JPG", i)),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path exports = Files.createDirectories(dir.resolve("Exports"));
        int pngs = Math.max(1, photos * 22 / 300);
        IntStream.range(0, pngs).parallel().forEach(i -> {
            BufferedImage picture = Jpegs.picture(5000 + i, 1600, 1200);
            addNoise(picture, 5000 + i, 6);
            Graphics2D g = picture.createGraphics();
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
            g.drawString("Export " + i, 60, 1120);
            g.dispose();
            try {
                ImageIO.write(picture, "png", exports.resolve(String.format("export-%02d.png", i)).toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path video = dir.resolve("DCIM/100CANON/MVI_0001.MP4");
        double seconds = photos >= 300 ? 10 : 1;
        ffmpeg(video, seconds);
    }

    private static void ffmpeg(Path target, double seconds) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=3840x2160:rate=30", "-t", String.valueOf(seconds), "-vf", "noise=alls=12:allf=t",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "56M", "-pix_fmt", "yuv420p",
                "-fflags", "+bitexact", "-flags:v", "+bitexact",
                "-metadata", "creation_time=" + FIRST_SHOT.plusHours(5) + "Z", target.toString()));
        Process process = new ProcessBuilder(argv).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + argv);
        }
    }

    static void small(Path dir, int count) {
        IntStream.range(0, count).parallel().forEach(i -> {
            Path file = dir.resolve(String.format("%03d/IMG_%05d.JPG", i / 1000, i));
            Jpegs.builder().size(320, 240).seed(20_000 + i).quality(0.85f).thumbnail(true)
                    .dateTimeOriginal(FIRST_SHOT.minusDays(400).plusSeconds(37L * i)).writeTo(file);
        });
    }

    /** Sensor-like noise, so a picture compresses like a photo. */
    static void addNoise(BufferedImage picture, long seed, int amplitude) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = picture.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < picture.getHeight(); y++) {
            picture.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(-amplitude, amplitude + 1);
                int rgb = row[x];
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int g = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                row[x] = (r << 16) | (g << 8) | b;
            }
            picture.setRGB(0, y, width, 1, row, 0, width);
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
