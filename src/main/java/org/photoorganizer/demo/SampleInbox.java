package org.photoorganizer.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A sample inbox for {@code scripts/demo}, made with the JDK alone: camera-like JPEGs with an EXIF capture
 * date (written byte by byte), and one case of each verdict the service makes.
 *
 * <table>
 *   <caption>The files and what the service does with them</caption>
 *   <tr><td>{@code IMG_1001.jpg} … {@code IMG_1004.jpg}</td><td>four dates: filed under 2019, 2021, 2023, 2025</td></tr>
 *   <tr><td>{@code IMG_2001.jpg}, {@code IMG_2002.jpg}</td><td>a burst: two different pictures of the same
 *       second; both kept, the second as {@code _A}</td></tr>
 *   <tr><td>{@code IMG_3001.jpg}, {@code IMG_3001 copy.jpg}</td><td>an exact copy: deleted (or set aside
 *       with {@code delete = false})</td></tr>
 *   <tr><td>{@code IMG_4001.jpg}, {@code IMG_4001_small.jpg}</td><td>a resized copy: similar; the smaller one
 *       goes to Duplicates/</td></tr>
 *   <tr><td>{@code scan-from-grandma.png}</td><td>no date anywhere: NoDateFound/</td></tr>
 *   <tr><td>{@code VID_5001.mp4}</td><td>a short video (structure only): filed by its {@code mvhd} date</td></tr>
 * </table>
 */
public final class SampleInbox {
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final long SECONDS_1904_TO_1970 = 2_082_844_800L;

    /** The capture dates of the dated photos, in the order of {@link #write}. */
    public static final LocalDateTime[] DATES = {
        LocalDateTime.of(2019, 7, 14, 10, 30, 0),
        LocalDateTime.of(2021, 12, 24, 18, 5, 12),
        LocalDateTime.of(2023, 5, 1, 9, 15, 40),
        LocalDateTime.of(2025, 1, 3, 14, 2, 7),
    };
    public static final LocalDateTime BURST = LocalDateTime.of(2024, 8, 14, 13, 47, 57);
    public static final LocalDateTime COPIED = LocalDateTime.of(2022, 3, 9, 11, 11, 11);
    public static final LocalDateTime RESIZED = LocalDateTime.of(2020, 2, 29, 16, 20, 0);
    public static final Instant VIDEO_UTC = Instant.parse("2024-08-15T08:00:00Z");

    private SampleInbox() {}

    /** {@code SampleInbox INBOX_DIR} writes the sample inbox; {@code SampleInbox --no-date DIR} one undated scan. */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--no-date")) {
            Path scan = writeUndated(Path.of(args[1]));
            System.out.println("Wrote " + scan.toAbsolutePath());
            return;
        }
        if (args.length != 1) {
            System.err.println("Usage: java -cp photo-organizer.jar " + SampleInbox.class.getName()
                    + " [--no-date] DIR");
            System.exit(2);
        }
        List<Path> written = write(Path.of(args[0]));
        System.out.println("Wrote " + written.size() + " sample files into " + Path.of(args[0]).toAbsolutePath());
    }

    /**
     * A scanned picture as an earlier run left it in {@code NoDateFound/} (for trying "set a date"): no
     * metadata; its name carries a date the service does not trust, which the review page suggests.
     */
    public static Path writeUndated(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path scan = dir.resolve("scan_1998-05-02.png");
        ImageIO.write(scene(61, 900, 700), "png", scan.toFile());
        return scan;
    }

    /** Writes the sample files into {@code inbox} (created if needed) and returns them. */
    public static List<Path> write(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < DATES.length; i++) {
            out.add(jpeg(inbox.resolve("IMG_100" + (i + 1) + ".jpg"), scene(11 + i, 1600, 1200), DATES[i]));
        }
        out.add(jpeg(inbox.resolve("IMG_2001.jpg"), scene(21, 1600, 1200), BURST));
        out.add(jpeg(inbox.resolve("IMG_2002.jpg"), scene(22, 1600, 1200), BURST));
        Path original = jpeg(inbox.resolve("IMG_3001.jpg"), scene(31, 1600, 1200), COPIED);
        out.add(original);
        out.add(Files.write(inbox.resolve("IMG_3001 copy.jpg"), Files.readAllBytes(original)));
        BufferedImage big = scene(41, 2000, 1500);
        out.add(jpeg(inbox.resolve("IMG_4001.jpg"), big, RESIZED));
        out.add(jpeg(inbox.resolve("IMG_4001_small.jpg"), scaled(big, 800, 600), RESIZED));
        Path scan = inbox.resolve("scan-from-grandma.png");
        ImageIO.write(scene(51, 900, 700), "png", scan.toFile());
        // No metadata, no date in the name, and file times of "unknown" (zero): nothing to date it by.
        BasicFileAttributeView times = Files.getFileAttributeView(scan, BasicFileAttributeView.class);
        times.setTimes(FileTime.fromMillis(0), FileTime.fromMillis(0), FileTime.fromMillis(0));
        out.add(scan);
        out.add(Files.write(inbox.resolve("VID_5001.mp4"), mp4(VIDEO_UTC, 4096)));
        return out;
    }

    /** A photo-like picture: sky and ground gradients, hills, a sun and a few houses, different per seed. */
    public static BufferedImage scene(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int horizon = height / 3 + random.nextInt(height / 3);
            g.setPaint(new GradientPaint(0, 0, hue(random, 0.55f, 0.5f), 0, horizon, hue(random, 0.6f, 0.9f)));
            g.fillRect(0, 0, width, horizon);
            g.setPaint(new GradientPaint(0, horizon, hue(random, 0.3f, 0.7f), 0, height, hue(random, 0.1f, 0.4f)));
            g.fillRect(0, horizon, width, height - horizon);
            g.setColor(new Color(255, 220, 120));
            int sun = height / 8 + random.nextInt(height / 8);
            g.fillOval(random.nextInt(width - sun), random.nextInt(Math.max(1, horizon - sun)), sun, sun);
            for (int i = 0; i < 3; i++) {
                g.setColor(hue(random, 0.25f + random.nextFloat() * 0.2f, 0.3f + random.nextFloat() * 0.4f));
                int w = width / 2 + random.nextInt(width);
                g.fillOval(random.nextInt(width) - w / 2, horizon - height / 10 - random.nextInt(height / 6), w, height / 3);
            }
            for (int i = 0; i < 4 + random.nextInt(4); i++) {
                int w = width / 14 + random.nextInt(width / 10);
                int h = w * 3 / 4;
                int x = random.nextInt(width - w);
                int y = horizon + random.nextInt(Math.max(1, height - horizon - h));
                g.setColor(hue(random, random.nextFloat(), 0.5f + random.nextFloat() * 0.4f));
                g.fillRect(x, y, w, h);
                g.setColor(new Color(120, 40, 30));
                g.fillPolygon(new int[] {x - w / 10, x + w / 2, x + w + w / 10}, new int[] {y, y - h / 2, y}, 3);
                g.setColor(new Color(250, 240, 200));
                g.fillRect(x + w / 4, y + h / 4, w / 5, h / 4);
            }
            g.setStroke(new BasicStroke(Math.max(1, width / 400f)));
            for (int i = 0; i < 40; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 60));
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                g.drawLine(x, y, x + random.nextInt(width / 8) - width / 16, y + random.nextInt(height / 8) - height / 16);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Color hue(Random random, float hue, float brightness) {
        return Color.getHSBColor(hue + (random.nextFloat() - 0.5f) * 0.1f, 0.35f + random.nextFloat() * 0.4f,
                Math.min(1f, brightness + (random.nextFloat() - 0.5f) * 0.2f));
    }

    public static BufferedImage scaled(BufferedImage picture, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(picture, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Path jpeg(Path file, BufferedImage picture, LocalDateTime taken) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(encoded)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(picture, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = encoded.toByteArray();
        byte[] exif = exifSegment(taken);
        // SOI, then the EXIF APP1 segment, then the rest as the encoder wrote it.
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + exif.length);
        out.write(jpeg, 0, 2);
        out.write(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return Files.write(file, out.toByteArray());
    }

    /**
     * An APP1 segment with a little-endian TIFF structure: IFD0 (Make, Model, the Exif IFD pointer) and an
     * Exif IFD holding DateTimeOriginal, as cameras write it.
     */
    static byte[] exifSegment(LocalDateTime taken) {
        byte[] make = ascii("PhotoOrganizer Demo");
        byte[] model = ascii("Sample Camera");
        byte[] date = ascii(taken.format(EXIF_TIME));
        int ifd0 = 8;
        int ifd0Size = 2 + 3 * 12 + 4;
        int makeAt = ifd0 + ifd0Size;
        int modelAt = makeAt + make.length;
        int exifIfd = modelAt + model.length;
        int exifIfdSize = 2 + 12 + 4;
        int dateAt = exifIfd + exifIfdSize;
        ByteBuffer tiff = ByteBuffer.allocate(dateAt + date.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 3);
        entry(tiff, 0x010F, 2, make.length, makeAt);
        entry(tiff, 0x0110, 2, model.length, modelAt);
        entry(tiff, 0x8769, 4, 1, exifIfd);
        tiff.putInt(0);
        tiff.put(make).put(model);
        tiff.putShort((short) 1);
        entry(tiff, 0x9003, 2, date.length, dateAt);
        tiff.putInt(0);
        tiff.put(date);
        byte[] body = tiff.array();
        int length = 2 + 6 + body.length;
        ByteBuffer segment = ByteBuffer.allocate(2 + length).order(ByteOrder.BIG_ENDIAN);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
        segment.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).put(body);
        return segment.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int valueOffset) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOffset);
    }

    private static byte[] ascii(String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return bytes;
    }

    /** A minimal MP4: {@code ftyp}, {@code moov} with an {@code mvhd} carrying the creation time, {@code mdat}. */
    static byte[] mp4(Instant created, int payload) {
        ByteBuffer ftyp = ByteBuffer.allocate(24);
        ftyp.putInt(24).put(ascii4("ftyp")).put(ascii4("isom")).putInt(0x200).put(ascii4("isom")).put(ascii4("mp41"));
        long seconds = created.getEpochSecond() + SECONDS_1904_TO_1970;
        ByteBuffer mvhd = ByteBuffer.allocate(108);
        mvhd.putInt(108).put(ascii4("mvhd")).putInt(0);
        mvhd.putInt((int) seconds).putInt((int) seconds).putInt(1000).putInt(3000);
        mvhd.putInt(0x00010000).putShort((short) 0x0100).put(new byte[10]);
        int[] matrix = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int value : matrix) {
            mvhd.putInt(value);
        }
        mvhd.put(new byte[24]).putInt(2);
        ByteBuffer moov = ByteBuffer.allocate(8 + 108);
        moov.putInt(8 + 108).put(ascii4("moov")).put(mvhd.array());
        byte[] data = new byte[payload];
        new Random(5001).nextBytes(data);
        ByteBuffer mdat = ByteBuffer.allocate(8 + payload);
        mdat.putInt(8 + payload).put(ascii4("mdat")).put(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ftyp.array());
        out.writeBytes(moov.array());
        out.writeBytes(mdat.array());
        return out.toByteArray();
    }

    private static byte[] ascii4(String fourCc) {
        return fourCc.getBytes(StandardCharsets.US_ASCII);
    }
}
