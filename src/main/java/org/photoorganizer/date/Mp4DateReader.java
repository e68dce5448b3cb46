package org.photoorganizer.date;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the date fields of an ISO base media file (MP4, MOV, M4V, 3GP) by walking box headers.
 *
 * <p>Videos are large, so only box headers and the few small boxes that hold dates are read: mdat and
 * the sample tables are skipped by seeking. Every size is checked against its parent and the file, the
 * walk only descends into the fixed path of boxes it needs, counts boxes, and payloads are capped, so a hostile or
 * truncated file costs a bounded amount of I/O and memory and simply yields fewer fields.
 *
 * <p>Why by hand, beside metadata-extractor's QuickTime and MP4 readers (checked on 2.19.0 with files made by
 * ffmpeg and ExifTool): the library reads no {@code ©day} at all (neither {@code udta/©day} in MOV nor
 * {@code udta/meta/ilst/©day} in MP4); it reads Apple's {@code mdta} keys only in some layouts (not in a MOV
 * whose keys ExifTool wrote); and its QuickTime reader takes a version-1 {@code mvhd} (64-bit times) as
 * version 0, giving 1904 for a 2024 video (its MP4 reader gets both versions and the 1904 epoch right). The
 * three fields sit in one {@code moov} walk, so {@code mvhd} is read here too rather than in a second parse.
 */
final class Mp4DateReader {

    /** What a file says about its creation; any field may be missing. */
    record Mp4Dates(Optional<String> appleCreationDate, List<String> dayTexts, OptionalLong mvhdCreationTime) {
        static final Mp4Dates NONE = new Mp4Dates(Optional.empty(), List.of(), OptionalLong.empty());
    }

    static final String APPLE_CREATION_DATE = "com.apple.quicktime.creationdate";

    private static final int MAX_BOXES = 10_000;
    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final int TYPE_DAY = fourCc(new byte[] {(byte) 0xA9, 'd', 'a', 'y'});
    private static final int TYPE_MOOV = fourCc("moov");
    private static final int TYPE_MVHD = fourCc("mvhd");
    private static final int TYPE_UDTA = fourCc("udta");
    private static final int TYPE_META = fourCc("meta");
    private static final int TYPE_HDLR = fourCc("hdlr");
    private static final int TYPE_KEYS = fourCc("keys");
    private static final int TYPE_ILST = fourCc("ilst");
    private static final int TYPE_DATA = fourCc("data");

    private record Box(int type, long payloadStart, long end) {}

    /** State of one read; a new one per file keeps the reader itself stateless. */
    private static final class Walk {
        final SeekableByteChannel channel;
        final long fileSize;
        int boxes;
        Optional<String> appleCreationDate = Optional.empty();
        final List<String> dayTexts = new ArrayList<>();
        OptionalLong mvhdCreation = OptionalLong.empty();

        Walk(SeekableByteChannel channel, long fileSize) {
            this.channel = channel;
            this.fileSize = fileSize;
        }
    }

    /** Reads the dates through {@code channel}, which the caller opened and closes. */
    Mp4Dates read(SeekableByteChannel channel) throws IOException {
        Walk walk = new Walk(channel, channel.size());
        if (!startsLikeIsoBmff(walk)) {
            return Mp4Dates.NONE;
        }
        for (Box box : children(walk, 0, walk.fileSize)) {
            if (box.type() == TYPE_MOOV) {
                readMoov(walk, box);
                break; // one movie per file; a second moov would be garbage
            }
        }
        return new Mp4Dates(walk.appleCreationDate, List.copyOf(walk.dayTexts), walk.mvhdCreation);
    }

    // AVI, MKV, MPEG-TS and random bytes are not walked: their first 8 bytes are no printable box header.
    private static boolean startsLikeIsoBmff(Walk walk) throws IOException {
        ByteBuffer header = readAt(walk, 0, 8);
        if (header.remaining() < 8) {
            return false;
        }
        header.getInt();
        byte[] type = new byte[4];
        header.get(type);
        for (byte b : type) {
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void readMoov(Walk walk, Box moov) throws IOException {
        for (Box box : children(walk, moov.payloadStart(), moov.end())) {
            if (box.type() == TYPE_MVHD) {
                readMvhd(walk, box);
            } else if (box.type() == TYPE_UDTA) {
                readUdta(walk, box);
            } else if (box.type() == TYPE_META) {
                readMeta(walk, box);
            }
        }
    }

    private void readMvhd(Walk walk, Box box) throws IOException {
        ByteBuffer b = payload(walk, box);
        if (b.remaining() < 8) {
            return;
        }
        int version = b.get() & 0xFF;
        b.position(4);
        if (version == 1 && b.remaining() >= 8) {
            long creation = b.getLong();
            if (creation >= 0) {
                walk.mvhdCreation = OptionalLong.of(creation);
            }
        } else if (version == 0) {
            walk.mvhdCreation = OptionalLong.of(Integer.toUnsignedLong(b.getInt()));
        }
    }

    private void readUdta(Walk walk, Box udta) throws IOException {
        for (Box box : children(walk, udta.payloadStart(), udta.end())) {
            if (box.type() == TYPE_DAY) {
                dayText(walk, box).ifPresent(walk.dayTexts::add);
            } else if (box.type() == TYPE_META) {
                readMeta(walk, box);
            }
        }
    }

    /**
     * Reads {@code meta}: iTunes style ({@code ilst/©day/data}) and Apple's {@code mdta} style, where
     * ilst items are numbered and {@code keys} gives each number its name.
     */
    private void readMeta(Walk walk, Box meta) throws IOException {
        long start = meta.payloadStart();
        // ISO meta is a FullBox (4 bytes version/flags before the children); QuickTime's is not.
        ByteBuffer peek = readAt(walk, start, 8);
        if (peek.remaining() == 8 && peek.getInt(4) != TYPE_HDLR && peek.getInt(0) == 0) {
            start += 4;
        }
        List<String> keys = List.of();
        Map<Integer, String> numberedValues = new HashMap<>();
        for (Box box : children(walk, start, meta.end())) {
            if (box.type() == TYPE_KEYS) {
                keys = readKeys(walk, box);
            } else if (box.type() == TYPE_ILST) {
                for (Box item : children(walk, box.payloadStart(), box.end())) {
                    Optional<String> value = firstDataValue(walk, item);
                    if (value.isEmpty()) {
                        continue;
                    }
                    if (item.type() == TYPE_DAY) {
                        walk.dayTexts.add(value.get());
                    } else {
                        numberedValues.putIfAbsent(item.type(), value.get());
                    }
                }
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            if (APPLE_CREATION_DATE.equals(keys.get(i)) && numberedValues.containsKey(i + 1)
                    && walk.appleCreationDate.isEmpty()) {
                walk.appleCreationDate = Optional.of(numberedValues.get(i + 1));
            }
        }
    }

    private static List<String> readKeys(Walk walk, Box box) throws IOException {
        ByteBuffer b = payload(walk, box);
        if (b.remaining() < 8) {
            return List.of();
        }
        b.position(4);
        long count = Integer.toUnsignedLong(b.getInt());
        List<String> keys = new ArrayList<>();
        for (long i = 0; i < count && b.remaining() >= 8; i++) {
            int size = b.getInt();
            b.getInt(); // namespace, 'mdta'
            int length = size - 8;
            if (length < 0 || length > b.remaining()) {
                break;
            }
            byte[] key = new byte[length];
            b.get(key);
            keys.add(new String(key, StandardCharsets.UTF_8));
        }
        return keys;
    }

    private static Optional<String> firstDataValue(Walk walk, Box item) throws IOException {
        for (Box data : children(walk, item.payloadStart(), item.end())) {
            if (data.type() == TYPE_DATA) {
                return dataValue(payload(walk, data));
            }
        }
        return Optional.empty();
    }

    /** A {@code data} box payload: type indicator, locale, value; only text types are used. */
    private static Optional<String> dataValue(ByteBuffer b) {
        if (b.remaining() < 8) {
            return Optional.empty();
        }
        int typeIndicator = b.getInt() & 0x00FFFFFF;
        b.getInt();
        byte[] value = new byte[b.remaining()];
        b.get(value);
        return switch (typeIndicator) {
            case 1 -> Optional.of(new String(value, StandardCharsets.UTF_8).strip());
            case 2 -> Optional.of(new String(value, StandardCharsets.UTF_16BE).strip());
            default -> Optional.empty();
        };
    }

    /** QuickTime user-data text: 16-bit length, 16-bit language, text; some muxers nest a data box instead. */
    private static Optional<String> dayText(Walk walk, Box box) throws IOException {
        ByteBuffer b = payload(walk, box);
        if (b.remaining() >= 16 && b.getInt(4) == TYPE_DATA) {
            b.position(8);
            return dataValue(b);
        }
        if (b.remaining() < 4) {
            return Optional.empty();
        }
        int length = b.getShort() & 0xFFFF;
        b.getShort();
        length = Math.min(length, b.remaining());
        byte[] text = new byte[length];
        b.get(text);
        return Optional.of(new String(text, StandardCharsets.UTF_8).strip());
    }

    /**
     * The child boxes in {@code [start, end)}. A box claiming more than its parent holds is cut at the
     * parent's end (truncated files still give their first fields); a size below its header ends the
     * level, since nothing after it can be located.
     */
    private static List<Box> children(Walk walk, long start, long end) throws IOException {
        List<Box> boxes = new ArrayList<>();
        long limit = Math.min(end, walk.fileSize);
        long pos = start;
        while (pos + 8 <= limit && walk.boxes < MAX_BOXES && boxes.size() < MAX_BOXES) {
            ByteBuffer h = readAt(walk, pos, 16);
            if (h.remaining() < 8) {
                break;
            }
            long size = Integer.toUnsignedLong(h.getInt());
            int type = h.getInt();
            long headerSize = 8;
            if (size == 1) {
                if (h.remaining() < 8) {
                    break;
                }
                size = h.getLong();
                headerSize = 16;
            } else if (size == 0) {
                size = limit - pos; // "extends to the end"
            }
            if (size < headerSize) {
                break;
            }
            walk.boxes++;
            long boxEnd = size > limit - pos ? limit : pos + size;
            boxes.add(new Box(type, pos + headerSize, boxEnd));
            pos = boxEnd;
        }
        return boxes;
    }

    private static ByteBuffer payload(Walk walk, Box box) throws IOException {
        long length = Math.max(0, box.end() - box.payloadStart());
        return readAt(walk, box.payloadStart(), (int) Math.min(length, MAX_PAYLOAD));
    }

    private static ByteBuffer readAt(Walk walk, long position, int length) throws IOException {
        int available = (int) Math.max(0, Math.min(length, walk.fileSize - position));
        ByteBuffer buffer = ByteBuffer.allocate(available);
        while (buffer.hasRemaining()) {
            walk.channel.position(position + buffer.position());
            int n = walk.channel.read(buffer);
            if (n < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer;
    }

    private static int fourCc(String s) {
        return fourCc(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int fourCc(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }
}
