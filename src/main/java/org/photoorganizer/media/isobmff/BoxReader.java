package org.photoorganizer.media.isobmff;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the boxes of one ISO base media file (MP4, MOV, HEIF, AVIF, JPEG XL, CR3) through a channel, by
 * position: box headers, and the few payloads a caller asks for, never the file as a whole (a video's
 * {@code mdat} is skipped by seeking).
 *
 * <p>Bounded for hostile files: the length is taken once (a box may not reach past it), a walk stops at the
 * first box whose size does not fit, and one reader lists at most {@link #MAX_BOXES} boxes, so a file of a
 * million tiny boxes or of boxes nested to no end costs bounded time. Small reads go through one window of
 * {@value #WINDOW} bytes: box headers and small boxes lie close together, so a walk costs few reads.
 *
 * <p>Not thread-safe; the caller opens and closes the channel.
 */
public final class BoxReader {

    /** Boxes one reader lists at most (headers read with {@link #header} do not count). */
    public static final int MAX_BOXES = 16_384;
    static final int WINDOW = 1024;

    /**
     * The boxes of one level, in order. The walk stops early at a box that does not fit (the {@code stray}:
     * smaller than its header, or claiming more than its parent holds) or when the reader has listed
     * {@link #MAX_BOXES}; {@code problem} then says so in words.
     */
    public record Children(List<Box> boxes, Optional<Box> stray, Optional<String> problem) {

        public Optional<Box> first(String type) {
            return boxes.stream().filter(box -> box.type().equals(type)).findFirst();
        }
    }

    private final SeekableByteChannel channel;
    private final long length;
    private final byte[] window = new byte[WINDOW];
    private long windowStart = -1;
    private int windowLength;
    private int listed;

    public BoxReader(SeekableByteChannel channel) throws IOException {
        this(channel, channel.size());
    }

    /** Over the first {@code length} bytes only: a caller that judges one state of a growing file passes its own. */
    public BoxReader(SeekableByteChannel channel, long length) {
        this.channel = channel;
        this.length = length;
    }

    public long length() {
        return length;
    }

    /**
     * The header of the box at {@code position} in a parent that ends at {@code end}; empty when fewer than 8
     * bytes are left. A size of 0 ("up to the end") is resolved to the parent's end; a 64-bit size cut off by
     * the parent's end gives a box smaller than its header.
     */
    public Optional<Box> header(long position, long end) throws IOException {
        long left = Math.min(end, length) - position;
        if (position < 0 || left < 8) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.wrap(readExactly(position, (int) Math.min(16, left)));
        long size = Integer.toUnsignedLong(header.getInt(0));
        String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
        if (size == 1) {
            return Optional.of(new Box(type, position, 16, left < 16 ? left : header.getLong(8)));
        }
        return Optional.of(new Box(type, position, 8, size == 0 ? left : size));
    }

    /** The boxes in {@code [from, to)}: see {@link Children}. */
    public Children children(long from, long to) throws IOException {
        List<Box> boxes = new ArrayList<>();
        long end = Math.min(to, length);
        for (long position = from; ; ) {
            Optional<Box> box = header(position, end);
            if (box.isEmpty()) {
                return new Children(boxes, Optional.empty(), Optional.empty());
            }
            if (!box.get().fitsIn(end)) {
                String where = from == 0 ? "the end of the file" : "the end of its parent";
                return new Children(boxes, box, Optional.of("a '" + box.get().type() + "' box "
                        + (box.get().size() < box.get().headerSize() ? "is smaller than its header"
                        : "runs past " + where)));
            }
            if (listed >= MAX_BOXES) {
                return new Children(boxes, Optional.empty(), Optional.of("it has more than " + MAX_BOXES + " boxes"));
            }
            listed++;
            boxes.add(box.get());
            position = box.get().end();
        }
    }

    /** The children of a box that fits in its parent. */
    public Children children(Box parent) throws IOException {
        return children(parent.payloadStart(), parent.end());
    }

    /** The box at the end of {@code path}, taking the first child of each type on the way down. */
    public Optional<Box> descend(Box from, String... path) throws IOException {
        Optional<Box> box = Optional.of(from);
        for (String type : path) {
            if (box.isEmpty()) {
                break;
            }
            box = children(box.get()).first(type);
        }
        return box;
    }

    /** The first {@code max} bytes of a box's payload (all of it when smaller). */
    public ByteBuffer payload(Box box, int max) throws IOException {
        return read(box.payloadStart(), (int) Math.max(0, Math.min(box.payloadSize(), max)));
    }

    /** Up to {@code count} bytes from {@code position}: fewer where the file ends. */
    public ByteBuffer read(long position, int count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IOException("a read of " + count + " bytes at " + position);
        }
        int available = (int) Math.max(0, Math.min(count, length - position));
        if (available == 0) {
            return ByteBuffer.allocate(0);
        }
        if (available > WINDOW) {
            ByteBuffer buffer = ByteBuffer.allocate(available);
            readFully(buffer, position);
            return buffer.hasRemaining() ? ByteBuffer.wrap(Arrays.copyOf(buffer.array(), buffer.position())) : buffer.flip();
        }
        if (windowStart < 0 || position < windowStart || position + available > windowStart + windowLength) {
            windowStart = -1;
            ByteBuffer buffer = ByteBuffer.wrap(window, 0, (int) Math.min(WINDOW, length - position));
            readFully(buffer, position);
            windowStart = position;
            windowLength = buffer.position();
        }
        int from = (int) (position - windowStart);
        return ByteBuffer.wrap(Arrays.copyOfRange(window, from, from + Math.min(available, windowLength - from)));
    }

    /** Exactly {@code count} bytes from {@code position}, or EOFException when the file ends first. */
    public byte[] readExactly(long position, int count) throws IOException {
        ByteBuffer buffer = read(position, count);
        if (buffer.remaining() < count) {
            throw new EOFException("the file ends at " + (position + buffer.remaining()) + " inside " + count
                    + " bytes read at " + position + " (" + length + " bytes when opened)");
        }
        byte[] bytes = new byte[count];
        buffer.get(bytes);
        return bytes;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break; // shorter than when opened: the caller sees fewer bytes
            }
        }
    }
}
