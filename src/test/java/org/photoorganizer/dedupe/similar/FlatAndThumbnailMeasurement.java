package org.photoorganizer.dedupe.similar;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fixtures.Jpegs;

/**
 * The two measurements behind constants of the verdicts (docs/similar-threshold.md), run by hand:
 * <ul>
 *   <li>{@code flat}: for near single-colour pictures of growing contrast, the standard deviation of the 32x32
 *       grey square against how often a re-compressed half-size copy still matches and how often an unrelated
 *       flat picture does ({@link PerceptualHash#FLAT_STDDEV});</li>
 *   <li>{@code thumbnails}: how far a camera's EXIF thumbnail lies from its own picture, decoded the way a verdict
 *       decodes it, against edits made with ImageMagick that keep the thumbnail ({@link ThumbnailAgreement}).</li>
 * </ul>
 */
public final class FlatAndThumbnailMeasurement {
    private static final int THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;

    private FlatAndThumbnailMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].equals("flat")) {
            flat(400);
        }
        if (args.length == 0 || args[0].equals("thumbnails")) {
            thumbnails(args.length > 1 ? Integer.parseInt(args[1]) : 50);
        }
    }

    static void flat(int count) throws IOException {
        Random random = new Random(5);
        long[] hashes = new long[count];
        long[] copies = new long[count];
        double[] stddev = new double[count];
        for (int i = 0; i < count; i++) {
            BufferedImage image = nearlyFlat(random, 400, 300, random.nextDouble() * 20, i % 3);
            float[] grey = GreyscaleBoxFilter.shrink(image, PerceptualHash.INPUT_SIZE);
            stddev[i] = PerceptualHash.stddev(grey);
            hashes[i] = PerceptualHash.of(grey);
            BufferedImage copy = ImageIO.read(new ByteArrayInputStream(
                    TestImages.jpeg(SyntheticPhotos.shrunkBy(image, 2), 0.7f)));
            copies[i] = PerceptualHash.of(GreyscaleBoxFilter.shrink(copy, PerceptualHash.INPUT_SIZE));
        }
        System.out.println("| sd of the 32x32 grey square | pictures | copy found | an unrelated flat picture within "
                + THRESHOLD + " |");
        System.out.println("|---|---:|---:|---:|");
        double[] bounds = {0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 100};
        for (int b = 0; b < bounds.length; b++) {
            double low = b == 0 ? 0 : bounds[b - 1];
            int pictures = 0;
            int found = 0;
            int matched = 0;
            for (int i = 0; i < count; i++) {
                if (stddev[i] < low || stddev[i] >= bounds[b]) {
                    continue;
                }
                pictures++;
                found += PerceptualHash.distance(hashes[i], copies[i]) <= THRESHOLD ? 1 : 0;
                for (int j = 0; j < count; j++) {
                    if (j != i && PerceptualHash.distance(hashes[i], hashes[j]) <= THRESHOLD) {
                        matched++;
                        break;
                    }
                }
            }
            System.out.printf("| %.1f-%.1f | %d | %d | %d |%n", low, bounds[b], pictures, found, matched);
        }
        double[] ordinary = new double[300];
        for (int seed = 0; seed < ordinary.length; seed++) {
            ordinary[seed] = PerceptualHash.stddev(GreyscaleBoxFilter.shrink(SyntheticPhotos.photo(seed, 400, 300),
                    PerceptualHash.INPUT_SIZE));
        }
        java.util.Arrays.sort(ordinary);
        System.out.printf("ordinary photos (SyntheticPhotos, 300 scenes): sd min %.1f, 1st percentile %.1f, median %.1f%n",
                ordinary[0], ordinary[3], ordinary[150]);
    }

    /** kind 0: squares, 1: a gradient, 2: round blobs, all of {@code level} grey levels over one colour. */
    static BufferedImage nearlyFlat(Random random, int width, int height, double level, int kind) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int base = 40 + random.nextInt(170);
        Color colour = new Color(base, Math.min(255, base + random.nextInt(30)), Math.max(0, base - random.nextInt(30)));
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        if (kind == 1) {
            int d = (int) Math.round(level * 1.7);
            g.setPaint(new GradientPaint(random.nextInt(width), 0, colour, random.nextInt(width), height,
                    new Color(Math.min(255, base + d), Math.min(255, base + d), Math.min(255, base + d))));
            g.fillRect(0, 0, width, height);
        } else {
            for (int i = 0; i < 6; i++) {
                int value = Math.max(0, Math.min(255, base + (int) Math.round((random.nextBoolean() ? 1 : -1)
                        * level * 2.5)));
                g.setColor(new Color(value, value, value));
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                int size = 40 + random.nextInt(120);
                if (kind == 0) {
                    g.fillRect(x - size / 2, y - size / 2, size, size);
                } else {
                    g.fillOval(x - size / 2, y - size / 2, size, size);
                }
            }
        }
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = image.getRGB(x, y);
                int n = random.nextInt(7) - 3;
                image.setRGB(x, y, (clamp(((p >> 16) & 255) + n) << 16) | (clamp(((p >> 8) & 255) + n) << 8)
                        | clamp((p & 255) + n));
            }
        }
        return image;
    }

    static void thumbnails(int count) throws IOException {
        Path dir = Files.createTempDirectory("thumbnails");
        String[] kinds = {"camera original", "re-saved q70", "brightened q92", "watermarked q92"};
        List<List<double[]>> stats = new ArrayList<>();
        for (String ignored : kinds) {
            stats.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            Path original = Jpegs.builder().image(SyntheticPhotos.photo(2000 + i, 1600, 1200)).quality(0.9f)
                    .thumbnail(true).exifPixelSize(true).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 9, i % 60))
                    .writeTo(dir.resolve("o" + i + ".jpg"));
            Path[] files = {original,
                ImageTools.convert(original, dir.resolve("q" + i + ".jpg"), "-quality", "70"),
                ImageTools.convert(original, dir.resolve("b" + i + ".jpg"), "-modulate", "115", "-quality", "92"),
                ImageTools.convert(original, dir.resolve("w" + i + ".jpg"), "-gravity", "southeast", "-fill",
                        "rgba(255,255,255,0.6)", "-pointsize", "54", "-annotate", "+20+20", "(c) 2024 Jane Doe",
                        "-quality", "92")};
            for (int k = 0; k < files.length; k++) {
                stats.get(k).add(agreement(files[k]));
            }
        }
        System.out.println("| file | mean difference (median, max) | cells > 12 apart (median, max) | flagged stale |");
        System.out.println("|---|---:|---:|---:|");
        for (int k = 0; k < kinds.length; k++) {
            List<double[]> s = stats.get(k);
            double[] mean = s.stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] cells = s.stream().mapToDouble(x -> x[1]).sorted().toArray();
            long stale = s.stream().filter(x -> x[2] > 0).count();
            System.out.printf("| %s | %.2f, %.2f | %.0f, %.0f | %d of %d |%n", kinds[k], mean[mean.length / 2],
                    mean[mean.length - 1], cells[cells.length / 2], cells[cells.length - 1], stale, s.size());
        }
    }

    /** Mean difference, cells more than 12 apart, and 1 when {@link ThumbnailAgreement} calls it stale. */
    private static double[] agreement(Path file) throws IOException {
        Process process = new ProcessBuilder("exiftool", "-b", "-ThumbnailImage", file.toString()).start();
        byte[] thumbnailBytes = process.getInputStream().readAllBytes();
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(thumbnailBytes));
        float[] a = GreyscaleBoxFilter.shrink(thumbnail, PerceptualHash.INPUT_SIZE);
        float[] b = pictureGrey(file);
        double sum = 0;
        int cells = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            cells += d > ThumbnailAgreement.CELL_DIFFERENCE ? 1 : 0;
        }
        return new double[] {sum / a.length, cells, ThumbnailAgreement.agrees(a, b) ? 0 : 1};
    }

    /** The grey square of the picture as a verdict decodes it: block means, else a subsampled decode. */
    private static float[] pictureGrey(Path file) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            return JpegDcDecoder.greySquare(channel, PerceptualHash.INPUT_SIZE, new JpegDcDecoder.Tables());
        } catch (JpegDcDecoder.Unsupported e) {
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
                reader.setInput(in);
                BufferedImage picture = new SubsampledDecoder(512).decode(reader, reader.getWidth(0),
                        reader.getHeight(0));
                reader.dispose();
                return GreyscaleBoxFilter.shrink(picture, PerceptualHash.INPUT_SIZE);
            }
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
