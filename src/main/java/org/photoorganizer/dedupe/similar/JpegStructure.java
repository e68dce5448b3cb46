package org.photoorganizer.dedupe.similar;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.photoorganizer.fs.ForwardingReadChannel;

/**
 * What the marker segments of a JPEG say before any pixel is decoded: frame type, size, precision and component
 * count (from SOFn), whether it is progressive, and the first Exif APP1 segment with its position.
 *
 * <p>Parsed by hand because the EXIF thumbnail offset is relative to the TIFF header inside APP1, so its
 * file position is needed, which metadata-extractor does not report.
 *
 * @param frameType        the SOFn marker (0xC0 baseline ... 0xC3 lossless ... 0xC9 arithmetic)
 * @param tiffHeaderOffset file offset of the TIFF header inside the Exif APP1 segment, or -1 when there is none
 * @param exifTiff         the APP1 payload from the TIFF header on, or null
 */
record JpegStructure(int frameType, int width, int height, int precision, int components, boolean progressive,
                     long tiffHeaderOffset, byte[] exifTiff) {

    private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};

    long pixelCount() {
        return (long) width * height;
    }

    /**
     * Empty when the file is not a JPEG or its segments are broken before the first scan. Reads from the start
     * of {@code channel}, which stays open.
     */
    static Optional<JpegStructure> read(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        try {
            return read(new BufferedInputStream(Channels.newInputStream(new Unclosed(channel)), 16 * 1024));
        } catch (EOFException e) {
            return Optional.empty();
        }
    }

    /** The lossless processes (SOF3, SOF7, SOF11, SOF15), which store no DCT coefficients. */
    boolean lossless() {
        return (frameType & 0x03) == 0x03;
    }

    /** The arithmetic-coded processes (SOF9 to SOF15). */
    boolean arithmetic() {
        return frameType >= 0xC9;
    }

    /** What this JPEG variant is called, for saying which one could not be decoded. */
    String variant() {
        StringBuilder name = new StringBuilder();
        if (precision != 8) {
            name.append(precision).append("-bit ");
        }
        if (lossless()) {
            name.append("lossless ");
        } else if (progressive) {
            name.append("progressive ");
        }
        if (arithmetic()) {
            name.append("arithmetic-coded ");
        }
        if (components == 4) {
            name.append("CMYK ");
        }
        return name.append("JPEG").toString();
    }

    private static Optional<JpegStructure> read(InputStream in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            return Optional.empty();
        }
        long position = 2;
        long tiffHeaderOffset = -1;
        byte[] exifTiff = null;
        while (true) {
            int marker = in.read();
            position++;
            if (marker != 0xFF) {
                return Optional.empty();
            }
            int type;
            do {
                type = in.read();
                position++;
            } while (type == 0xFF);
            if (type < 0) {
                return Optional.empty();
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                continue;
            }
            if (type == 0xD9 || type == 0xDA) {
                // A scan (or the end) before any frame header means there is nothing we can size.
                return Optional.empty();
            }
            int length = readUnsignedShort(in) - 2;
            position += 2;
            if (length < 0) {
                return Optional.empty();
            }
            if (isStartOfFrame(type)) {
                byte[] sof = readFully(in, length);
                if (length < 6) {
                    return Optional.empty();
                }
                int precision = sof[0] & 0xFF;
                int height = ((sof[1] & 0xFF) << 8) | (sof[2] & 0xFF);
                int width = ((sof[3] & 0xFF) << 8) | (sof[4] & 0xFF);
                int components = sof[5] & 0xFF;
                boolean progressive = type == 0xC2 || type == 0xC6 || type == 0xCA || type == 0xCE;
                if (width == 0 || height == 0 || components == 0) {
                    return Optional.empty();
                }
                return Optional.of(new JpegStructure(type, width, height, precision, components, progressive,
                        tiffHeaderOffset, exifTiff));
            }
            if (type == 0xE1 && exifTiff == null && length > EXIF_PREAMBLE.length) {
                byte[] payload = readFully(in, length);
                if (startsWith(payload, EXIF_PREAMBLE)) {
                    tiffHeaderOffset = position + EXIF_PREAMBLE.length;
                    exifTiff = java.util.Arrays.copyOfRange(payload, EXIF_PREAMBLE.length, payload.length);
                }
            } else {
                skipFully(in, length);
            }
            position += length;
        }
    }

    private static boolean isStartOfFrame(int type) {
        return type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readUnsignedShort(InputStream in) throws IOException {
        int high = in.read();
        int low = in.read();
        if ((high | low) < 0) {
            throw new EOFException();
        }
        return (high << 8) | low;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException();
        }
        return data;
    }

    private static void skipFully(InputStream in, long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    /**
     * Whether the file has an end-of-image marker after its first scan. Inside entropy-coded data a 0xFF
     * byte is always followed by 0x00 or a restart marker, so the first FFD9 found there is the real end; a
     * file cut short in transfer has none. Trailers appended after the end (motion photos) do not matter.
     * The search starts after the first SOS because the EXIF thumbnail before it has its own end marker.
     */
    static boolean hasEndOfImage(SeekableByteChannel channel) throws IOException {
        // Nearly every JPEG ends with its EOI marker; only files with trailing data (motion photos, maker
        // trailers) need the scan, which would otherwise read every photo a second time.
        if (endsWithEndOfImage(channel)) {
            return true;
        }
        channel.position(0);
        InputStream in = new BufferedInputStream(Channels.newInputStream(new Unclosed(channel)), 16 * 1024);
        if (!skipToFirstScan(in)) {
            return false;
        }
        byte[] chunk = new byte[64 * 1024];
        boolean previousWasFf = false;
        int read;
        while ((read = in.read(chunk)) > 0) {
            for (int i = 0; i < read; i++) {
                int b = chunk[i] & 0xFF;
                if (previousWasFf && b == 0xD9) {
                    return true;
                }
                previousWasFf = b == 0xFF;
            }
        }
        return false;
    }

    private static boolean endsWithEndOfImage(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        if (size < 4) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate(2);
        channel.position(size - 2);
        while (tail.hasRemaining() && channel.read(tail) > 0) {
            // Reads the two last bytes.
        }
        return (tail.get(0) & 0xFF) == 0xFF && (tail.get(1) & 0xFF) == 0xD9;
    }

    private static boolean skipToFirstScan(InputStream in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            return false;
        }
        while (true) {
            if (in.read() != 0xFF) {
                return false;
            }
            int type;
            do {
                type = in.read();
            } while (type == 0xFF);
            if (type < 0 || type == 0xD9) {
                return false;
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                continue;
            }
            int length = readUnsignedShort(in) - 2;
            if (length < 0) {
                return false;
            }
            skipFully(in, length);
            if (type == 0xDA) {
                return true;
            }
        }
    }

    /** A view of a channel whose close() leaves it open: the fingerprinter reads one channel several times. */
    static final class Unclosed extends ForwardingReadChannel {
        Unclosed(SeekableByteChannel channel) {
            super(channel);
        }

        @Override
        public void close() {
            // The owner closes the channel: the fingerprinter reads one channel several times.
        }
    }
}
