package org.photoorganizer.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.SplittableRandom;
import org.photoorganizer.fixtures.Jpegs;

/**
 * Writes N camera-like photos for {@code scripts/bench}: 12 megapixels (4000x3000), sensor-like noise so
 * they compress like real photos (several MB each), EXIF dates one minute apart and an embedded EXIF
 * thumbnail, as cameras write them. Each photo is a different scene, so none is a duplicate.
 *
 * <p>Usage: {@code BenchPhotos DIR COUNT [WIDTH HEIGHT]}.
 */
public final class BenchPhotos {
    private BenchPhotos() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        int width = args.length > 3 ? Integer.parseInt(args[2]) : 4000;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        LocalDateTime start = LocalDateTime.of(2024, 8, 14, 9, 0, 0);
        for (int i = 0; i < count; i++) {
            BufferedImage picture = Jpegs.picture(1000 + i, width, height);
            addNoise(picture, 1000 + i);
            Jpegs.builder().image(picture).quality(0.9f).thumbnail(true).dateTimeOriginal(start.plusMinutes(i))
                    .writeTo(dir.resolve(String.format("IMG_%04d.JPG", i)));
        }
    }

    private static void addNoise(BufferedImage picture, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = picture.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < picture.getHeight(); y++) {
            picture.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(-12, 13);
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
