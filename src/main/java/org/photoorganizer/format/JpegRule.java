package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JPEG: the end-of-image marker must come after the picture data. The marker segments before the first
 * scan are walked by their lengths (the EXIF block and its thumbnail, which ends with an end-of-image
 * marker of its own, are skipped, not read), then only the tail is read: the scan data cannot contain
 * {@code FF D9}, so a file ending with it (and at most some padding) holds its whole picture.
 *
 * <p>What cameras append after the picture is recognised from the header: the extra images of an MPF
 * file (their offsets must lie inside the file), a Google/Android Motion Photo's video (its length comes
 * from the XMP block; the video's boxes must tile the rest of the file) and Samsung's trailer ending in
 * {@code SEFT}.
 */
final class JpegRule implements FormatRule {
    static final String FORMAT = "JPEG";
    private static final int TAIL = 64 * 1024;
    private static final int SHORT_TAIL = 512;
    private static final int MAX_SEGMENTS = 10_000;
    private static final String XMP_ID = "http://ns.adobe.com/xap/1.0/\0";
    private static final Pattern MICRO_VIDEO_OFFSET = Pattern.compile("MicroVideoOffset\\s*=\\s*\"(\\d+)\"");
    private static final Pattern MOTION_ITEM = Pattern.compile(
            "Item:Semantic\\s*=\\s*\"MotionPhoto\"[^>]*?Item:Length\\s*=\\s*\"(\\d+)\"|"
                    + "Item:Length\\s*=\\s*\"(\\d+)\"[^>]*?Item:Semantic\\s*=\\s*\"MotionPhoto\"");
    private static final Pattern PRIMARY_PADDING = Pattern.compile(
            "Item:Semantic\\s*=\\s*\"Primary\"[^>]*?Item:Padding\\s*=\\s*\"(\\d+)\"|"
                    + "Item:Padding\\s*=\\s*\"(\\d+)\"[^>]*?Item:Semantic\\s*=\\s*\"Primary\"");

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        return check(in, 0, in.length());
    }

    /** Checks a JPEG stored at {@code [start, end)} of the file (also used for a raw file's embedded preview). */
    static Completeness check(StructureReader in, long start, long end) throws IOException {
        Header header = header(in, start, end);
        if (header.problem() != null) {
            return header.problem();
        }
        if (header.pictureStart() < 0) {
            return Completeness.noRule();
        }
        if (header.extraImagesEnd() > end) {
            return Completeness.incomplete(FORMAT, "the extra images it announces (MPF) end at byte "
                    + header.extraImagesEnd() + ", after the end of the file (" + end + ")");
        }
        if (header.motionVideoLength() > 0) {
            // The picture alone would end with FF D9 too: the announced video must be there as well.
            return motionPhoto(in, header, end);
        }
        if (endsWithEndOfImage(in, header.pictureStart(), end)) {
            return Completeness.complete(FORMAT);
        }
        if (samsungTrailer(in, end)) {
            return Completeness.complete(FORMAT);
        }
        return Completeness.incomplete(FORMAT, "no end-of-image marker after the picture data");
    }

    /** Where the scan data starts, what the header announces, or why the header itself is cut short. */
    private record Header(long pictureStart, long extraImagesEnd, long motionVideoLength, long primaryPadding,
                          Completeness problem) {}

    private static Header header(StructureReader in, long start, long end) throws IOException {
        long position = start + 2;
        long extraImagesEnd = 0;
        long motionVideo = 0;
        long padding = 0;
        for (int segments = 0; segments < MAX_SEGMENTS; segments++) {
            if (end - position < 4) {
                return cut("the file ends inside its header");
            }
            byte[] marker = in.read(position, 4);
            if (marker.length < 4) {
                return cut("the file ends inside its header");
            }
            if ((marker[0] & 0xFF) != 0xFF) {
                return new Header(-1, 0, 0, 0, null);
            }
            int code = marker[1] & 0xFF;
            if (code == 0xFF) {
                position++;
                continue;
            }
            if (code == 0x01 || code >= 0xD0 && code <= 0xD8) {
                position += 2;
                continue;
            }
            if (code == 0xD9) {
                // Tables only, no picture: nothing we can say.
                return new Header(-1, 0, 0, 0, null);
            }
            int length = ((marker[2] & 0xFF) << 8) | (marker[3] & 0xFF);
            if (length < 2) {
                return new Header(-1, 0, 0, 0, null);
            }
            long segmentEnd = position + 2 + length;
            if (segmentEnd > end) {
                return cut("the file ends inside its header (segment FF" + String.format("%02X", code) + ")");
            }
            if (code == 0xDA) {
                return new Header(segmentEnd, extraImagesEnd, motionVideo, padding, null);
            }
            if (code == 0xE2 && length >= 8 && startsWith(in, position + 4, "MPF\0")) {
                extraImagesEnd = Math.max(extraImagesEnd, mpfEnd(in, position + 8, segmentEnd));
            } else if (code == 0xE1 && length > XMP_ID.length() + 2 && startsWith(in, position + 4, XMP_ID)) {
                String xmp = new String(in.read(position + 4 + XMP_ID.length(), length - 2 - XMP_ID.length()),
                        StandardCharsets.UTF_8);
                motionVideo = Math.max(motionVideo, motionVideoLength(xmp));
                padding = Math.max(padding, number(PRIMARY_PADDING.matcher(xmp)).orElse(0L));
            }
            position = segmentEnd;
        }
        return new Header(-1, 0, 0, 0, null);
    }

    private static Header cut(String reason) {
        return new Header(-1, 0, 0, 0, Completeness.incomplete(FORMAT, reason));
    }

    /**
     * The file (after the scan data starts) ends with FF D9, then at most some zero or FF padding (looked for in
     * its last {@value #TAIL} bytes). Nearly every file has no padding: its last {@value #SHORT_TAIL} bytes are
     * read first, and the rest of the window only when they are all padding.
     */
    private static boolean endsWithEndOfImage(StructureReader in, long pictureStart, long end) throws IOException {
        long from = Math.max(pictureStart, end - SHORT_TAIL);
        byte[] tail = in.read(from, (int) (end - from));
        int last = lastNonPadding(tail);
        if (last < 1 && from > pictureStart) {
            from = Math.max(pictureStart, end - TAIL);
            tail = in.read(from, (int) (end - from));
            last = lastNonPadding(tail);
        }
        // A padding FF may be the first half of the marker: FF D9 FF FF ... ends at the D9.
        return last >= 1 && (tail[last] & 0xFF) == 0xD9 && (tail[last - 1] & 0xFF) == 0xFF;
    }

    private static int lastNonPadding(byte[] tail) {
        int last = tail.length - 1;
        while (last >= 0 && (tail[last] == 0 || tail[last] == (byte) 0xFF)) {
            last--;
        }
        return last;
    }

    /** A Motion Photo: the picture's end-of-image marker, the primary's padding, then the video's boxes. */
    private static Completeness motionPhoto(StructureReader in, Header header, long end) throws IOException {
        long videoStart = end - header.motionVideoLength();
        if (videoStart <= header.pictureStart()) {
            return Completeness.incomplete(FORMAT, "the Motion Photo video it announces ("
                    + header.motionVideoLength() + " bytes) does not fit in the file");
        }
        if (!endsWithEndOfImage(in, header.pictureStart(), videoStart - header.primaryPadding())
                && !endsWithEndOfImage(in, header.pictureStart(), videoStart)) {
            return Completeness.incomplete(FORMAT, "the Motion Photo video it announces is cut off");
        }
        Completeness video = IsoBmffRule.walk(in, videoStart, FORMAT + " Motion Photo video");
        return switch (video.verdict()) {
            case COMPLETE -> Completeness.complete(FORMAT);
            case INCOMPLETE -> video;
            case NO_RULE -> Completeness.incomplete(FORMAT, "the Motion Photo video it announces is not where it"
                    + " should be");
        };
    }

    /**
     * Samsung's trailer (Motion Photo data, depth maps ...) ends with "SEFT", after a four-byte length of its
     * directory, which starts with "SEFH".
     */
    private static boolean samsungTrailer(StructureReader in, long end) throws IOException {
        if (end < 12 || !startsWith(in, end - 4, "SEFT")) {
            return false;
        }
        long directory = in.readExactly(end - 8, 4, ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xFFFF_FFFFL;
        long at = end - 8 - directory;
        return at >= 0 && startsWith(in, at, "SEFH");
    }

    /** The end of the last image an MPF index lists; offsets count from the MPF header's TIFF start. */
    private static long mpfEnd(StructureReader in, long tiffStart, long segmentEnd) throws IOException {
        ByteBuffer head = ByteBuffer.wrap(in.read(tiffStart, 8));
        if (head.limit() < 8) {
            return 0;
        }
        ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long ifd = tiffStart + (head.order(order).getInt(4) & 0xFFFF_FFFFL);
        if (ifd + 2 > segmentEnd) {
            return 0;
        }
        int entries = in.readExactly(ifd, 2, order).getShort(0) & 0xFFFF;
        long end = 0;
        for (int i = 0; i < entries && ifd + 2 + 12L * (i + 1) <= segmentEnd; i++) {
            ByteBuffer entry = in.readExactly(ifd + 2 + 12L * i, 12, order);
            int tag = entry.getShort(0) & 0xFFFF;
            long count = entry.getInt(4) & 0xFFFF_FFFFL;
            long offset = entry.getInt(8) & 0xFFFF_FFFFL;
            if (tag != 0xB002 || count % 16 != 0 || tiffStart + offset + count > segmentEnd) {
                continue;
            }
            // MP Entry: attribute, size, offset (from tiffStart; 0 for the first image), two dependent images.
            ByteBuffer list = in.readExactly(tiffStart + offset, (int) count, order);
            for (int image = 0; image < count / 16; image++) {
                long size = list.getInt(image * 16 + 4) & 0xFFFF_FFFFL;
                long dataOffset = list.getInt(image * 16 + 8) & 0xFFFF_FFFFL;
                if (dataOffset != 0) {
                    end = Math.max(end, tiffStart + dataOffset + size);
                }
            }
        }
        return end;
    }

    static long motionVideoLength(String xmp) {
        Optional<Long> micro = number(MICRO_VIDEO_OFFSET.matcher(xmp));
        return micro.or(() -> number(MOTION_ITEM.matcher(xmp))).orElse(0L);
    }

    private static Optional<Long> number(Matcher matcher) {
        if (!matcher.find()) {
            return Optional.empty();
        }
        String digits = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean startsWith(StructureReader in, long position, String ascii) throws IOException {
        byte[] expected = ascii.getBytes(StandardCharsets.ISO_8859_1);
        return java.util.Arrays.equals(in.read(position, expected.length), expected);
    }
}
