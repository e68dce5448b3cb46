package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The grey square of a plain PNG (8-bit grey, RGB or RGBA, not interlaced, no transparency chunk, no colour
 * profile) read row by row straight from its compressed data: the same pixels ImageIO's subsampled decode takes
 * (every {@code step}-th pixel of every {@code step}-th row) and the same arithmetic as {@link GreyscaleBoxFilter}
 * on the image ImageIO would hand back, so the fingerprint is the same to the last bit (PngLumaTest). It saves
 * ImageIO's 512-byte inflate steps and its pixel-by-pixel copy of a subsampled row: a 1600x1200 photo export
 * takes 26 ms instead of 33, most of it zlib's.
 *
 * <p>Anything else (other bit depths, palettes, grey with alpha, interlacing, tRNS, iCCP, a chunk or data that
 * does not add up) throws {@link Unsupported} and the caller decodes the file through ImageIO, which also says
 * whether it is damaged. Every chunk length is checked against the file, and inflating stops at the rows the
 * header promises.
 */
final class PngLuma {

    /** Not a PNG this reader takes, or data that does not decode: read it through ImageIO. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** What the header says; {@code channels} 1 (grey), 3 (RGB) or 4 (RGBA). */
    record Header(int width, int height, int channels) {
        /** Bits of colour a pixel has, as ImageIO's colour model counts them (alpha aside). */
        int colourBits() {
            return channels == 1 ? 8 : 24;
        }
    }

    private static final long SIGNATURE = 0x89504E470D0A1A0AL;
    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;
    private static final int TRNS = 0x74524E53;
    private static final int ICCP = 0x69434350;
    private static final int PLTE = 0x504C5445;
    private static final int READ = 64 * 1024;

    private final SeekableByteChannel channel;
    private final long length;

    private PngLuma(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    /** The header of the PNG in {@code channel} if this reader takes it; the channel's position moves. */
    static Header header(SeekableByteChannel channel) throws IOException, Unsupported {
        return new PngLuma(channel).readHeader();
    }

    /**
     * The {@code size x size} grey square of the PNG in {@code channel}, from every {@code step}-th pixel of every
     * {@code step}-th row (as ImageIO's source subsampling takes them); the channel stays open.
     */
    static float[] greySquare(SeekableByteChannel channel, int step, int size) throws IOException, Unsupported {
        PngLuma png = new PngLuma(channel);
        return png.decode(png.readHeader(), step, size);
    }

    private Header readHeader() throws IOException, Unsupported {
        ByteBuffer head = read(0, 8 + 8 + 13);
        if (head.getLong(0) != SIGNATURE || head.getInt(8) != 13 || head.getInt(12) != IHDR) {
            throw new Unsupported("not a PNG");
        }
        int width = head.getInt(16);
        int height = head.getInt(20);
        int depth = head.get(24);
        int colour = head.get(25);
        int compression = head.get(26);
        int filter = head.get(27);
        int interlace = head.get(28);
        if (width <= 0 || height <= 0) {
            throw new Unsupported("no pixels");
        }
        if (depth != 8 || (colour != 0 && colour != 2 && colour != 6) || compression != 0 || filter != 0
                || interlace != 0) {
            throw new Unsupported("not 8-bit grey, RGB or RGBA without interlacing");
        }
        return new Header(width, height, colour == 0 ? 1 : colour == 2 ? 3 : 4);
    }

    private float[] decode(Header header, int step, int size) throws IOException, Unsupported {
        int channels = header.channels();
        int width = header.width();
        int height = header.height();
        long rowBytesLong = (long) width * channels;
        if (rowBytesLong + 1 > Integer.MAX_VALUE / 2) {
            throw new Unsupported("rows too long");
        }
        int rowBytes = (int) rowBytesLong;
        int sampledWidth = (width + step - 1) / step;
        int sampledHeight = (height + step - 1) / step;
        GreyscaleBoxFilter.Rows square = new GreyscaleBoxFilter.Rows(sampledWidth, sampledHeight, size);
        float[] luma = new float[sampledWidth];
        // Each row: its filter-type byte, then its samples; the previous row is needed to undo the filters.
        byte[] previous = new byte[rowBytes + 1];
        byte[] current = new byte[rowBytes + 1];
        // Inflated ~64 KB at a time, several rows a call: zlib's fast loop stops 258 bytes before the end of what
        // it may write, and each call costs a JNI transition; row by row, 1,200 calls for a 1600x1200 export.
        byte[] inflated = new byte[Math.max(1, READ / (rowBytes + 1)) * (rowBytes + 1)];
        int filled = 0;
        int y = 0;
        ByteBuffer compressed = ByteBuffer.allocate(READ);
        Inflater inflater = new Inflater();
        try {
            long at = 8 + 8 + 13 + 4;
            while (y < height) {
                if (at + 8 > length) {
                    throw new Unsupported("the file ends before its last row");
                }
                ByteBuffer chunkHead = read(at, 8);
                long chunkLength = chunkHead.getInt(0) & 0xFFFFFFFFL;
                int type = chunkHead.getInt(4);
                long data = at + 8;
                if (data + chunkLength + 4 > length) {
                    throw new Unsupported("a chunk runs past the end of the file");
                }
                if (type == TRNS || type == ICCP || type == PLTE) {
                    throw new Unsupported("transparency, a colour profile or a palette");
                }
                if (type == IEND) {
                    throw new Unsupported("the image data ends before its last row");
                }
                if (type == IDAT) {
                    for (long offset = 0; offset < chunkLength && y < height; ) {
                        int piece = (int) Math.min(READ, chunkLength - offset);
                        compressed.clear().limit(piece);
                        readFully(data + offset, compressed);
                        offset += piece;
                        inflater.setInput(compressed.array(), 0, piece);
                        while (y < height) {
                            int n = inflater.inflate(inflated, filled, inflated.length - filled);
                            filled += n;
                            int start = 0;
                            while (filled - start >= rowBytes + 1 && y < height) {
                                System.arraycopy(inflated, start, current, 0, rowBytes + 1);
                                start += rowBytes + 1;
                                unfilter(current, previous, channels, rowBytes);
                                if (y % step == 0) {
                                    lumaRow(current, channels, step, luma);
                                    square.add(luma);
                                }
                                byte[] done = current;
                                current = previous;
                                previous = done;
                                y++;
                            }
                            if (start > 0) {
                                // The start of the next row, if any, moves to the front (the buffer holds whole rows).
                                System.arraycopy(inflated, start, inflated, 0, filled - start);
                                filled -= start;
                            }
                            if (n == 0) {
                                if (inflater.finished()) {
                                    if (y < height) {
                                        throw new Unsupported("the compressed data ends before the last row");
                                    }
                                    break;
                                }
                                if (inflater.needsDictionary()) {
                                    throw new Unsupported("a preset dictionary");
                                }
                                break;
                            }
                        }
                    }
                }
                at = data + chunkLength + 4;
            }
        } catch (DataFormatException e) {
            throw new Unsupported("compressed data that does not inflate (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        if (!square.complete()) {
            throw new Unsupported("fewer rows than the header says");
        }
        return square.square();
    }

    /** Undoes the row's filter (PNG filter method 0) in place, against the previous row (zeros above the first). */
    private static void unfilter(byte[] row, byte[] above, int bpp, int rowBytes) throws Unsupported {
        switch (row[0]) {
            case 0 -> {
                // None.
            }
            case 1 -> {
                for (int i = 1 + bpp; i <= rowBytes; i++) {
                    row[i] += row[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 1; i <= rowBytes; i++) {
                    row[i] += above[i];
                }
            }
            case 3 -> {
                for (int i = 1; i <= bpp; i++) {
                    row[i] += (byte) ((above[i] & 0xFF) >> 1);
                }
                for (int i = 1 + bpp; i <= rowBytes; i++) {
                    row[i] += (byte) (((row[i - bpp] & 0xFF) + (above[i] & 0xFF)) >> 1);
                }
            }
            case 4 -> {
                for (int i = 1; i <= bpp; i++) {
                    row[i] += above[i];
                }
                for (int i = 1 + bpp; i <= rowBytes; i++) {
                    int left = row[i - bpp] & 0xFF;
                    int up = above[i] & 0xFF;
                    int upLeft = above[i - bpp] & 0xFF;
                    int estimate = left + up - upLeft;
                    int toLeft = Math.abs(estimate - left);
                    int toUp = Math.abs(estimate - up);
                    int toUpLeft = Math.abs(estimate - upLeft);
                    row[i] += (byte) (toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft);
                }
            }
            default -> throw new Unsupported("filter type " + row[0]);
        }
    }

    /**
     * Every {@code step}-th pixel's luma, as {@link GreyscaleBoxFilter} computes it from the image ImageIO hands
     * back: grey bytes as they are; RGB as an opaque pixel; RGBA composed over white.
     */
    private static void lumaRow(byte[] row, int channels, int step, float[] luma) {
        int stride = channels * step;
        int at = 1;
        for (int x = 0; x < luma.length; x++, at += stride) {
            if (channels == 1) {
                luma[x] = (row[at] & 0xff) * 255f / 255f;
                continue;
            }
            int r = row[at] & 0xff;
            int g = row[at + 1] & 0xff;
            int b = row[at + 2] & 0xff;
            if (channels == 3) {
                luma[x] = 1f * (0.299f * r + 0.587f * g + 0.114f * b) + (1 - 1f) * 255f;
            } else {
                float alpha = (row[at + 3] & 0xff) / 255f;
                float value = 0.299f * r + 0.587f * g + 0.114f * b;
                luma[x] = alpha * value + (1 - alpha) * 255f;
            }
        }
    }

    private ByteBuffer read(long position, int count) throws IOException, Unsupported {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        readFully(position, buffer);
        return buffer;
    }

    private void readFully(long position, ByteBuffer buffer) throws IOException, Unsupported {
        if (position + buffer.remaining() > length) {
            throw new Unsupported("the file ends early");
        }
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new Unsupported("the file ends early");
            }
        }
    }
}
