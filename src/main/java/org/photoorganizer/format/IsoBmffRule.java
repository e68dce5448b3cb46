package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * ISO base media files (MP4, M4V, MOV, 3GP, HEIC/HEIF, AVIF, CR3): the top-level boxes must tile the file
 * exactly, and the box that describes the content must be there: {@code moov} for videos and CR3 (most
 * cameras write it last), {@code meta} for HEIF and AVIF images. Only the box headers are read.
 */
final class IsoBmffRule implements FormatRule {
    static final String FORMAT = "MP4/MOV/HEIF";
    /** Top-level boxes a QuickTime file without {@code ftyp} may start with. */
    private static final Set<String> FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip", "pnot");
    /** More top-level boxes than this (a fragmented recording has a pair per fragment) is not a file we judge. */
    private static final int MAX_BOXES = 1_000_000;

    @Override
    public boolean recognises(byte[] head) {
        if (head.length < 8) {
            return false;
        }
        String type = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return FIRST_BOXES.contains(type);
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        return walk(in, 0, FORMAT);
    }

    /** Walks the boxes from {@code start} to the end of the file (also used for a video appended to a JPEG). */
    static Completeness walk(StructureReader in, long start, String format) throws IOException {
        long length = in.length();
        long position = start;
        boolean described = false;
        long dataEnd = 0;
        String last = "";
        for (int boxes = 0; position < length; boxes++) {
            if (boxes >= MAX_BOXES) {
                return Completeness.noRule();
            }
            if (length - position < 8) {
                return Completeness.incomplete(format, "the file ends inside a box header after the '" + last
                        + "' box");
            }
            ByteBuffer header = in.readExactly(position, (int) Math.min(16, length - position), ByteOrder.BIG_ENDIAN);
            long size = header.getInt(0) & 0xFFFF_FFFFL;
            String type = fourCc(header, 4);
            if (!printable(type)) {
                // Zeros where the next box should start: a file whose final size was set before its content.
                return position == start ? Completeness.noRule()
                        : Completeness.incomplete(format, "the data after the '" + last + "' box is not a box");
            }
            long headerSize = 8;
            if (size == 1) {
                if (header.limit() < 16) {
                    return Completeness.incomplete(format, "the file ends inside the header of the '" + type + "' box");
                }
                size = header.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                // "Up to the end of the file": legal only for the last box, and then nothing can be missing.
                size = length - position;
            }
            if (size < headerSize) {
                return Completeness.noRule();
            }
            if (size > length - position) {
                return Completeness.incomplete(format, "the '" + type + "' box is cut off ("
                        + (length - position) + " of " + size + " bytes)");
            }
            if (type.equals("moov")) {
                described = true;
                dataEnd = Math.max(dataEnd, lastChunkStart(in, position + headerSize, position + size));
            } else if (type.equals("meta")) {
                described = true;
                dataEnd = Math.max(dataEnd, itemsEnd(in, position + headerSize + 4, position + size));
            }
            position += size;
            last = type;
        }
        if (!described) {
            return Completeness.incomplete(format, "no 'moov' or 'meta' box (the index most cameras write last)");
        }
        if (dataEnd > length) {
            // The index came first (a "fast start" video, a HEIF image) and the data it points to is missing.
            return Completeness.incomplete(format, "its index points to data up to byte " + dataEnd
                    + ", after the end of the file (" + length + " bytes)");
        }
        return Completeness.complete(format);
    }

    /** A box inside {@code [from, to)}: where it starts, its size and header size. */
    private record Box(String type, long start, long size, int headerSize) {
        long contentStart() {
            return start + headerSize;
        }

        long end() {
            return start + size;
        }
    }

    /** The children of a container box's content {@code [from, to)}; stops at anything that is not a box. */
    private static java.util.List<Box> children(StructureReader in, long from, long to) throws IOException {
        java.util.List<Box> boxes = new java.util.ArrayList<>();
        long position = from;
        while (to - position >= 8 && boxes.size() < 10_000) {
            ByteBuffer header = in.readExactly(position, (int) Math.min(16, to - position), ByteOrder.BIG_ENDIAN);
            long size = header.getInt(0) & 0xFFFF_FFFFL;
            int headerSize = 8;
            if (size == 1 && header.limit() >= 16) {
                size = header.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - position;
            }
            if (size < headerSize || size > to - position) {
                break;
            }
            boxes.add(new Box(fourCc(header, 4), position, size, headerSize));
            position += size;
        }
        return boxes;
    }

    private static java.util.Optional<Box> child(StructureReader in, Box parent, String type) throws IOException {
        return children(in, parent.contentStart(), parent.end()).stream().filter(b -> b.type().equals(type))
                .findFirst();
    }

    /** The greatest start of a track's last chunk (stco/co64 in moov/trak/mdia/minf/stbl), or 0. */
    private static long lastChunkStart(StructureReader in, long from, long to) throws IOException {
        long last = 0;
        for (Box trak : children(in, from, to)) {
            if (!trak.type().equals("trak")) {
                continue;
            }
            java.util.Optional<Box> stbl = child(in, trak, "mdia").flatMap(m -> childQuietly(in, m, "minf"))
                    .flatMap(m -> childQuietly(in, m, "stbl"));
            if (stbl.isEmpty()) {
                continue;
            }
            for (Box table : children(in, stbl.get().contentStart(), stbl.get().end())) {
                boolean wide = table.type().equals("co64");
                if (!wide && !table.type().equals("stco")) {
                    continue;
                }
                int entry = wide ? 8 : 4;
                ByteBuffer counts = in.readExactly(table.contentStart(), 8, ByteOrder.BIG_ENDIAN);
                long entries = counts.getInt(4) & 0xFFFF_FFFFL;
                long at = table.contentStart() + 8 + (entries - 1) * entry;
                if (entries == 0 || at + entry > table.end()) {
                    continue;
                }
                ByteBuffer value = in.readExactly(at, entry, ByteOrder.BIG_ENDIAN);
                last = Math.max(last, wide ? value.getLong(0) : value.getInt(0) & 0xFFFF_FFFFL);
            }
        }
        // The chunk must at least begin inside the file: one byte past its start.
        return last == 0 ? 0 : last + 1;
    }

    private static java.util.Optional<Box> childQuietly(StructureReader in, Box parent, String type) {
        try {
            return child(in, parent, type);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The end of the last item extent stored in the file (HEIF 'iloc', construction method 0), or 0. */
    private static long itemsEnd(StructureReader in, long from, long to) throws IOException {
        for (Box box : children(in, from, to)) {
            if (!box.type().equals("iloc") || box.size() > 4 * 1024 * 1024) {
                continue;
            }
            ByteBuffer iloc = in.readExactly(box.contentStart(), (int) (box.end() - box.contentStart()),
                    ByteOrder.BIG_ENDIAN);
            try {
                return ilocEnd(iloc);
            } catch (java.nio.BufferUnderflowException e) {
                return 0;
            }
        }
        return 0;
    }

    private static long ilocEnd(ByteBuffer iloc) {
        if (iloc.remaining() < 8) {
            return 0; // not even the header fields: damage, not truncation
        }
        int version = iloc.get() & 0xFF;
        iloc.position(4);
        int sizes = iloc.getShort() & 0xFFFF;
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xF;
        int baseOffsetSize = (sizes >> 4) & 0xF;
        int indexSize = version >= 1 ? sizes & 0xF : 0;
        long items = version < 2 ? iloc.getShort() & 0xFFFF : iloc.getInt() & 0xFFFF_FFFFL;
        long end = 0;
        for (long item = 0; item < items; item++) {
            if (version < 2) {
                iloc.getShort();
            } else {
                iloc.getInt();
            }
            int construction = version >= 1 ? iloc.getShort() & 0xF : 0;
            iloc.getShort();
            long base = sized(iloc, baseOffsetSize);
            int extents = iloc.getShort() & 0xFFFF;
            for (int extent = 0; extent < extents; extent++) {
                sized(iloc, indexSize);
                long offset = sized(iloc, offsetSize);
                long length = sized(iloc, lengthSize);
                if (construction == 0) {
                    end = Math.max(end, base + offset + length);
                }
            }
        }
        return end;
    }

    private static long sized(ByteBuffer buffer, int bytes) {
        return switch (bytes) {
            case 0 -> 0;
            case 4 -> buffer.getInt() & 0xFFFF_FFFFL;
            case 8 -> buffer.getLong();
            default -> throw new java.nio.BufferUnderflowException();
        };
    }

    private static String fourCc(ByteBuffer buffer, int at) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = buffer.get(at + i);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Box types are four printable characters (Apple's use '©', Latin-1 0xA9). */
    private static boolean printable(String type) {
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < 0x20 || c == 0x7F || (c > 0x7F && c != 0xA9)) {
                return false;
            }
        }
        return true;
    }
}
