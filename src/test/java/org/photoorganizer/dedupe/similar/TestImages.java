package org.photoorganizer.dedupe.similar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes test files byte by byte where the format matters: JPEGs with an Exif APP1, hand-made PNG headers. */
final class TestImages {

    private TestImages() {
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        return jpeg(image, quality, false);
    }

    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A JPEG with an Exif APP1 carrying the orientation and, when not null, a thumbnail in IFD1. */
    static byte[] jpegWithExif(BufferedImage image, float quality, int orientation, byte[] thumbnail) {
        return withExif(jpeg(image, quality), orientation, thumbnail);
    }

    static byte[] withExif(byte[] jpeg, int orientation, byte[] thumbnail) {
        return insertAfterJfif(jpeg, exifApp1(orientation, thumbnail));
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeImage(BufferedImage image, String format, Path file) {
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Big-endian TIFF: IFD0 = Orientation; IFD1 = Compression 6 + JPEGInterchangeFormat/Length. */
    static byte[] exifApp1(int orientation, byte[] thumbnail) {
        int ifd0Entries = 1;
        int ifd0Size = 2 + 12 * ifd0Entries + 4;
        int ifd1Offset = 8 + ifd0Size;
        int ifd1Size = thumbnail == null ? 0 : 2 + 12 * 3 + 4;
        int thumbnailOffset = ifd1Offset + ifd1Size;
        int tiffLength = thumbnailOffset + (thumbnail == null ? 0 : thumbnail.length);
        ByteBuffer tiff = ByteBuffer.allocate(tiffLength);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) ifd0Entries);
        entry(tiff, 0x0112, 3, orientation);
        tiff.putInt(thumbnail == null ? 0 : ifd1Offset);
        if (thumbnail != null) {
            tiff.putShort((short) 3);
            entry(tiff, 0x0103, 3, 6);
            entry(tiff, 0x0201, 4, thumbnailOffset);
            entry(tiff, 0x0202, 4, thumbnail.length);
            tiff.putInt(0);
            tiff.put(thumbnail);
        }
        byte[] preamble = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int segmentLength = 2 + preamble.length + tiffLength;
        if (segmentLength > 0xFFFF) {
            throw new IllegalArgumentException("APP1 too large: " + segmentLength);
        }
        ByteBuffer app1 = ByteBuffer.allocate(2 + segmentLength);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) segmentLength).put(preamble).put(tiff.array());
        return app1.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }

    private static byte[] insertAfterJfif(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(segment, 0, out, at, segment.length);
        System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
        return out;
    }

    /** A PNG whose IHDR claims the given size, with a tiny IDAT: what a decompression bomb's header looks like. */
    static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] compressed = new byte[8192];
        int length = deflater.deflate(compressed);
        deflater.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The same JPEG with its SOF0 frame size rewritten: a small file whose header claims a huge image. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalArgumentException("no SOF0");
    }

    /**
     * A little-endian TIFF shaped like a camera raw: IFD0 describes a {@code width x height} 14-bit mosaic
     * and points at an embedded JPEG preview, as DNG, NEF and ARW files do. There is no raw data.
     */
    static byte[] rawWithPreview(int width, int height, int orientation, byte[] preview) {
        int entries = 8;
        int ifdSize = 2 + 12 * entries + 4;
        int previewOffset = 8 + ifdSize;
        ByteBuffer tiff = ByteBuffer.allocate(previewOffset + preview.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 42, 0}).putInt(8);
        tiff.putShort((short) entries);
        littleEntry(tiff, 0x0100, 4, width);
        littleEntry(tiff, 0x0101, 4, height);
        littleEntry(tiff, 0x0102, 3, 14);
        littleEntry(tiff, 0x0103, 3, 34713);
        littleEntry(tiff, 0x0112, 3, orientation);
        littleEntry(tiff, 0x0115, 3, 1);
        littleEntry(tiff, 0x0201, 4, previewOffset);
        littleEntry(tiff, 0x0202, 4, preview.length);
        tiff.putInt(0);
        tiff.put(preview);
        return tiff.array();
    }

    private static void littleEntry(ByteBuffer tiff, int tag, int type, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }
}
