package org.photoorganizer.review;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.photoorganizer.fs.FileOps;

/**
 * Small JPEG previews for the review page, made on demand from the files themselves and kept in a
 * byte-bounded memory cache. Decoding is subsampled (the raster stays between {@link #SIDE} and twice
 * that whatever the photo's size), one picture at a time, and headers claiming more than
 * {@link #MAX_PIXELS} are refused before any pixel is read. Formats ImageIO cannot read (HEIC, raw,
 * videos) get no preview; the page shows a placeholder.
 */
final class Thumbnails {
    static final int SIDE = 320;
    static final long MAX_PIXELS = 250_000_000L;
    static final int CACHE_BYTES = 2 * 1024 * 1024;

    private final FileOps files;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cached;

    Thumbnails(FileOps files) {
        this.files = files;
    }

    /** The preview of {@code file}, or empty when its picture cannot be read. */
    synchronized Optional<byte[]> of(Path file) throws IOException {
        BasicFileAttributes attributes = files.attributes(file);
        String key = file + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
        byte[] hit = cache.get(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<byte[]> made = make(file);
        made.ifPresent(bytes -> remember(key, bytes));
        return made;
    }

    private void remember(String key, byte[] bytes) {
        cache.put(key, bytes);
        cached += bytes.length;
        Iterator<Map.Entry<String, byte[]>> oldest = cache.entrySet().iterator();
        while (cached > CACHE_BYTES && oldest.hasNext()) {
            cached -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    synchronized long cachedBytes() {
        return cached;
    }

    private Optional<byte[]> make(Path file) throws IOException {
        try (ImageInputStream input = new ChannelImageInputStream(files.openChannel(file))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // Subsampling alone brings it to at most SIDE: no scaling pass (and no Java2D) is needed.
                int step = Math.max(1, (Math.max(width, height) + SIDE - 1) / SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return Optional.of(encode(rgb(decoded)));
            } catch (IOException | RuntimeException e) {
                // A damaged or unusual picture: no preview, the page says so.
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        }
    }

    /** JPEG wants plain RGB; PNGs with alpha or a palette are copied pixel by pixel (small: at most SIDE²). */
    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                int alpha = argb >>> 24;
                // Transparent parts on white, as a viewer shows them.
                int r = ((argb >> 16 & 0xff) * alpha + 255 * (255 - alpha)) / 255;
                int g = ((argb >> 8 & 0xff) * alpha + 255 * (255 - alpha)) / 255;
                int b = ((argb & 0xff) * alpha + 255 * (255 - alpha)) / 255;
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
