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
import org.photoorganizer.media.isobmff.Box;
import org.photoorganizer.media.isobmff.BoxReader;

/**
 * Reads the date fields of an ISO base media file (MP4, MOV, M4V, 3GP) by walking box headers.
 *
 * <p>Videos are large, so only box headers and the few small boxes that hold dates are read: mdat and
 * the sample tables are skipped by seeking. The boxes are walked by {@link BoxReader} (sizes checked against
 * the parent and the file, boxes counted), the walk only descends into the fixed path of boxes it needs, and
 * payloads are capped, so a hostile or truncated file costs a bounded amount of I/O and memory and simply
 * yields fewer fields.
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

    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final String DAY = "\u00A9day";
    private static final int HDLR = 0x68646C72; // 'hdlr'
    private static final int DATA = 0x64617461; // 'data'

    /** State of one read; a new one per file keeps the reader itself stateless. */
    private static final class Walk {
        final BoxReader boxes;
        Optional<String> appleCreationDate = Optional.empty();
        final List<String> dayTexts = new ArrayList<>();
        OptionalLong mvhdCreation = OptionalLong.empty();

        Walk(BoxReader boxes) {
            this.boxes = boxes;
        }
    }

    /** Reads the dates through {@code channel}, which the caller opened and closes. */
    Mp4Dates read(SeekableByteChannel channel) throws IOException {
        Walk walk = new Walk(new BoxReader(channel));
        // AVI, MKV, MPEG-TS and random bytes are not walked: their first 8 bytes are no printable box header.
        if (!walk.boxes.header(0, walk.boxes.length()).map(Box::hasPrintableType).orElse(false)) {
            return Mp4Dates.NONE;
        }
        for (Box box : children(walk, 0, walk.boxes.length())) {
            if (box.type().equals("moov")) {
                readMoov(walk, box);
                break; // one movie per file; a second moov would be garbage
            }
        }
        return new Mp4Dates(walk.appleCreationDate, List.copyOf(walk.dayTexts), walk.mvhdCreation);
    }

    private void readMoov(Walk walk, Box moov) throws IOException {
        for (Box box : children(walk, moov.payloadStart(), moov.end())) {
            if (box.type().equals("mvhd")) {
                readMvhd(walk, box);
            } else if (box.type().equals("udta")) {
                readUdta(walk, box);
            } else if (box.type().equals("meta")) {
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
            if (box.type().equals(DAY)) {
                dayText(walk, box).ifPresent(walk.dayTexts::add);
            } else if (box.type().equals("meta")) {
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
        ByteBuffer peek = walk.boxes.read(start, 8);
        if (peek.remaining() == 8 && peek.getInt(4) != HDLR && peek.getInt(0) == 0) {
            start += 4;
        }
        List<String> keys = List.of();
        Map<Integer, String> numberedValues = new HashMap<>();
        for (Box box : children(walk, start, meta.end())) {
            if (box.type().equals("keys")) {
                keys = readKeys(walk, box);
            } else if (box.type().equals("ilst")) {
                for (Box item : children(walk, box.payloadStart(), box.end())) {
                    Optional<String> value = firstDataValue(walk, item);
                    if (value.isEmpty()) {
                        continue;
                    }
                    if (item.type().equals(DAY)) {
                        walk.dayTexts.add(value.get());
                    } else {
                        // Apple's items are numbered: the type is the key's index.
                        numberedValues.putIfAbsent(ByteBuffer.wrap(item.type().getBytes(StandardCharsets.ISO_8859_1))
                                .getInt(), value.get());
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
            if (data.type().equals("data")) {
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
        if (b.remaining() >= 16 && b.getInt(4) == DATA) {
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
        BoxReader.Children children = walk.boxes.children(start, end);
        List<Box> boxes = new ArrayList<>(children.boxes());
        long limit = Math.min(end, walk.boxes.length());
        children.stray().filter(box -> box.size() >= box.headerSize())
                .ifPresent(box -> boxes.add(new Box(box.type(), box.start(), box.headerSize(), limit - box.start())));
        return boxes;
    }

    private static ByteBuffer payload(Walk walk, Box box) throws IOException {
        return walk.boxes.payload(box, MAX_PAYLOAD);
    }
}
