package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * TIFF and the raw formats built on it (DNG, NEF, CR2, ARW, ORF, RW2): every IFD reachable from the header
 * (the IFD chain, SubIFDs, the EXIF, GPS and interoperability IFDs) must lie inside the file, and so must
 * every value an entry points to and every strip and tile (offset + byte count). Only the IFDs and the
 * offset arrays are read; maker notes are treated as opaque values.
 */
final class TiffRule implements FormatRule {
    static final String FORMAT = "TIFF/raw";
    private static final int MAX_IFDS = 512;
    private static final int MAX_ENTRIES = 4096;
    private static final int STRIP_OFFSETS = 273;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int SUB_IFDS = 330;
    private static final int JPEG_OFFSET = 513;
    private static final int JPEG_LENGTH = 514;
    private static final Set<Integer> IFD_POINTERS = Set.of(SUB_IFDS, 34665, 34853, 40965);

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
                || FormatRule.startsWith(head, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)
                // Panasonic RW2 / RAW
                || FormatRule.startsWith(head, 0, (byte) 'I', (byte) 'I', (byte) 0x55, (byte) 0)
                // Olympus ORF
                || FormatRule.startsWith(head, 0, "IIRO") || FormatRule.startsWith(head, 0, "IIRS")
                || FormatRule.startsWith(head, 0, "MMOR");
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        return check(in, 0, in.length());
    }

    /** Checks a TIFF structure whose offsets count from {@code base}, in a file region ending at {@code end}. */
    static Completeness check(StructureReader in, long base, long end) throws IOException {
        byte[] head = in.read(base, 8);
        if (head.length < 8) {
            return Completeness.incomplete(FORMAT, "the file ends inside its header");
        }
        ByteOrder order = head[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long first = ByteBuffer.wrap(head).order(order).getInt(4) & 0xFFFF_FFFFL;
        Deque<Long> pending = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        pending.add(first);
        while (!pending.isEmpty()) {
            long ifd = pending.poll();
            if (ifd == 0 || !seen.add(ifd)) {
                continue;
            }
            if (seen.size() > MAX_IFDS) {
                return Completeness.noRule();
            }
            Completeness problem = checkIfd(in, base, end, ifd, order, pending);
            if (problem != null) {
                return problem;
            }
        }
        return Completeness.complete(FORMAT);
    }

    /** Null when the IFD and everything it points to is inside the file; queues the IFDs it points to. */
    private static Completeness checkIfd(StructureReader in, long base, long end, long ifd, ByteOrder order,
                                         Deque<Long> pending) throws IOException {
        if (base + ifd + 2 > end) {
            return beyond("an IFD", base + ifd, end);
        }
        int entries = in.readExactly(base + ifd, 2, order).getShort(0) & 0xFFFF;
        if (entries == 0) {
            // No TIFF writer writes an empty IFD; zeros here are space reserved for what is still to come.
            return Completeness.incomplete(FORMAT, "an IFD at byte " + (base + ifd) + " is empty");
        }
        if (entries > MAX_ENTRIES) {
            return Completeness.noRule();
        }
        long tableEnd = base + ifd + 2 + 12L * entries + 4;
        if (tableEnd > end) {
            return beyond("an IFD", tableEnd, end);
        }
        ByteBuffer table = in.readExactly(base + ifd + 2, 12 * entries + 4, order);
        long[] stripOffsets = null;
        long[] stripCounts = null;
        long[] tileOffsets = null;
        long[] tileCounts = null;
        long jpegOffset = -1;
        long jpegLength = -1;
        for (int i = 0; i < entries; i++) {
            int at = 12 * i;
            int tag = table.getShort(at) & 0xFFFF;
            int type = table.getShort(at + 2) & 0xFFFF;
            long count = table.getInt(at + 4) & 0xFFFF_FFFFL;
            int unit = unitSize(type);
            if (unit == 0) {
                continue;
            }
            long bytes = count * unit;
            long valueAt = bytes <= 4 ? -1 : table.getInt(at + 8) & 0xFFFF_FFFFL;
            if (valueAt >= 0 && base + valueAt + bytes > end) {
                return beyond("the value of tag " + tag, base + valueAt + bytes, end);
            }
            switch (tag) {
                case STRIP_OFFSETS -> stripOffsets = values(in, base, table, at, type, count, valueAt, order);
                case STRIP_BYTE_COUNTS -> stripCounts = values(in, base, table, at, type, count, valueAt, order);
                case TILE_OFFSETS -> tileOffsets = values(in, base, table, at, type, count, valueAt, order);
                case TILE_BYTE_COUNTS -> tileCounts = values(in, base, table, at, type, count, valueAt, order);
                case JPEG_OFFSET -> jpegOffset = single(table, at, type, order);
                case JPEG_LENGTH -> jpegLength = single(table, at, type, order);
                default -> {
                    if (IFD_POINTERS.contains(tag) && (type == 4 || type == 13)) {
                        for (long pointer : values(in, base, table, at, type, count, valueAt, order)) {
                            pending.add(pointer);
                        }
                    }
                }
            }
        }
        Completeness strips = pieces("strip", stripOffsets, stripCounts, base, end);
        if (strips != null) {
            return strips;
        }
        Completeness tiles = pieces("tile", tileOffsets, tileCounts, base, end);
        if (tiles != null) {
            return tiles;
        }
        if (jpegOffset > 0 && jpegLength > 0 && base + jpegOffset + jpegLength > end) {
            return beyond("the embedded preview", base + jpegOffset + jpegLength, end);
        }
        pending.add(table.getInt(12 * entries) & 0xFFFF_FFFFL);
        return null;
    }

    private static Completeness pieces(String what, long[] offsets, long[] counts, long base, long end) {
        if (offsets == null || counts == null) {
            return null;
        }
        for (int i = 0; i < Math.min(offsets.length, counts.length); i++) {
            if (base + offsets[i] + counts[i] > end) {
                return beyond(what + " " + (i + 1) + " of " + offsets.length, base + offsets[i] + counts[i], end);
            }
        }
        return null;
    }

    private static Completeness beyond(String what, long needed, long end) {
        return Completeness.incomplete(FORMAT, what + " reaches byte " + needed + ", after the end of the file ("
                + end + " bytes)");
    }

    private static long[] values(StructureReader in, long base, ByteBuffer table, int at, int type, long count,
                                 long valueAt, ByteOrder order) throws IOException {
        int unit = unitSize(type);
        if (count > 1_000_000) {
            return new long[0];
        }
        ByteBuffer data = valueAt < 0 ? table.duplicate().order(order).position(at + 8).slice().order(order)
                : in.readExactly(base + valueAt, (int) (count * unit), order);
        long[] values = new long[(int) count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (unit) {
                case 1 -> data.get(i) & 0xFFL;
                case 2 -> data.getShort(2 * i) & 0xFFFFL;
                case 8 -> data.getLong(8 * i);
                default -> data.getInt(4 * i) & 0xFFFF_FFFFL;
            };
        }
        return values;
    }

    private static long single(ByteBuffer table, int at, int type, ByteOrder order) {
        return unitSize(type) == 2 ? table.getShort(at + 8) & 0xFFFFL : table.getInt(at + 8) & 0xFFFF_FFFFL;
    }

    private static int unitSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }
}
