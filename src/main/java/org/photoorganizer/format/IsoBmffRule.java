package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.photoorganizer.media.isobmff.Box;
import org.photoorganizer.media.isobmff.BoxReader;
import org.photoorganizer.media.isobmff.HeifMeta;

/**
 * ISO base media files (MP4, M4V, MOV, 3GP, HEIC/HEIF, AVIF, CR3): the top-level boxes must tile the file
 * exactly, and the box that describes the content must be there: {@code moov} for videos and CR3 (most
 * cameras write it last), {@code meta} for HEIF and AVIF images, and the data their index points to must lie
 * in the file. Only box headers and the index boxes are read ({@link BoxReader}, {@link HeifMeta}).
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
        BoxReader boxes = in.boxes();
        long length = in.length();
        long position = start;
        boolean described = false;
        long dataEnd = 0;
        String last = "";
        for (int count = 0; position < length; count++) {
            if (count >= MAX_BOXES) {
                return Completeness.noRule();
            }
            Optional<Box> header = boxes.header(position, length);
            if (header.isEmpty()) {
                return Completeness.incomplete(format, "the file ends inside a box header after the '" + last
                        + "' box");
            }
            Box box = header.get();
            String type = box.type();
            if (!box.hasPrintableType()) {
                // Zeros where the next box should start: a file whose final size was set before its content.
                return position == start ? Completeness.noRule()
                        : Completeness.incomplete(format, "the data after the '" + last + "' box is not a box");
            }
            if (box.headerSize() > length - position) {
                return Completeness.incomplete(format, "the file ends inside the header of the '" + type + "' box");
            }
            if (box.size() < box.headerSize()) {
                return Completeness.noRule();
            }
            if (!box.fitsIn(length)) {
                return Completeness.incomplete(format, "the '" + type + "' box is cut off ("
                        + (length - position) + " of " + box.size() + " bytes)");
            }
            if (type.equals("moov")) {
                described = true;
                dataEnd = Math.max(dataEnd, lastChunkStart(boxes, box));
            } else if (type.equals("meta")) {
                described = true;
                dataEnd = Math.max(dataEnd, HeifMeta.read(boxes, box).fileDataEnd());
            }
            position = box.end();
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

    /** The greatest start of a track's last chunk (stco/co64 in moov/trak/mdia/minf/stbl), or 0. */
    private static long lastChunkStart(BoxReader boxes, Box moov) throws IOException {
        long last = 0;
        for (Box trak : boxes.children(moov).boxes()) {
            Optional<Box> stbl = trak.type().equals("trak") ? boxes.descend(trak, "mdia", "minf", "stbl")
                    : Optional.empty();
            for (Box table : stbl.isEmpty() ? List.<Box>of() : boxes.children(stbl.get()).boxes()) {
                boolean wide = table.type().equals("co64");
                if (!wide && !table.type().equals("stco")) {
                    continue;
                }
                int entry = wide ? 8 : 4;
                ByteBuffer counts = boxes.payload(table, 8);
                long entries = counts.limit() < 8 ? 0 : Integer.toUnsignedLong(counts.getInt(4));
                long at = table.payloadStart() + 8 + (entries - 1) * entry;
                if (entries == 0 || at + entry > table.end()) {
                    continue;
                }
                ByteBuffer value = ByteBuffer.wrap(boxes.readExactly(at, entry));
                last = Math.max(last, wide ? value.getLong(0) : Integer.toUnsignedLong(value.getInt(0)));
            }
        }
        // The chunk must at least begin inside the file: one byte past its start.
        return last == 0 ? 0 : last + 1;
    }
}
