package org.photoorganizer.date;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The EXIF and XMP blocks of HEIF/HEIC/AVIF images and of JPEG XL files (ISO base media file format).
 *
 * <p>By hand because metadata-extractor 2.19.0 cannot: it does not recognise AVIF or JPEG XL at all, it
 * reads no XMP item of a HEIF file, and it reads the Exif item with the plain EXIF reader, so a broken
 * maker note loses the whole file (see {@link GuardedExifReader}, which reads the blocks found here).
 *
 * <ul>
 *   <li>HEIF/AVIF: {@code meta} holds {@code iinf} (item types: {@code Exif}, or {@code mime} with content
 *       type {@code application/rdf+xml} for XMP) and {@code iloc} (where each item's bytes are: in the
 *       file, or in {@code idat}).
 *   <li>JPEG XL container: top-level {@code Exif} and {@code xml } boxes. A bare JPEG XL codestream has no
 *       metadata; Brotli-compressed boxes ({@code brob}, as cjxl 0.7 writes when it recompresses a JPEG)
 *       are not decoded (that would take a Brotli decoder; ExifTool needs one too).
 * </ul>
 *
 * <p>Only box headers and the small boxes named above are read; every size is checked against its parent,
 * boxes are counted and blocks capped, so a hostile file costs bounded I/O and memory.
 */
final class IsoBmffMetadata {

    /** The raw blocks: {@code exif} starts with the 4-byte offset to the TIFF header, as both formats store it. */
    record Blocks(Optional<byte[]> exif, Optional<byte[]> xmp) {
        static final Blocks NONE = new Blocks(Optional.empty(), Optional.empty());
    }

    static final int MAX_BLOCK = 4 * 1024 * 1024;
    private static final int MAX_BOXES = 4_096;
    private static final int MAX_META = 1024 * 1024;
    private static final int MAX_ITEMS = 4_096;

    private static final int FTYP = fourCc("ftyp");
    private static final int META = fourCc("meta");
    private static final int IINF = fourCc("iinf");
    private static final int INFE = fourCc("infe");
    private static final int ILOC = fourCc("iloc");
    private static final int IDAT = fourCc("idat");
    private static final int EXIF = fourCc("Exif");
    private static final int MIME = fourCc("mime");
    private static final int XML = fourCc("xml ");
    private static final byte[] JXL_SIGNATURE = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};

    private record Box(int type, long payloadStart, long end) {
        long payloadLength() {
            return end - payloadStart;
        }
    }

    private record Extent(long offset, long length) {}

    private record Item(int id, int type, String contentType) {}

    private record Location(int constructionMethod, List<Extent> extents) {}

    private IsoBmffMetadata() {}

    /** True for a JPEG XL file in the ISO BMFF container (the only JPEG XL form that carries metadata). */
    static boolean isJxlContainer(byte[] head) {
        if (head.length < JXL_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < JXL_SIGNATURE.length; i++) {
            if (head[i] != JXL_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** True for an image file of the HEIF family (HEIC, HEIF, AVIF), judged by the brands of its {@code ftyp}. */
    static boolean isHeifFamily(byte[] head) {
        if (head.length < 16) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        long size = Integer.toUnsignedLong(b.getInt(0));
        if (b.getInt(4) != FTYP || size < 16) {
            return false;
        }
        long end = Math.min(size, head.length);
        for (int at = 8; at + 4 <= end; at += 4) {
            if (at == 12) {
                continue; // minor version
            }
            String brand = new String(head, at, 4, StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "mif1", "mif2", "msf1", "heic", "heix", "heim", "heis", "hevc", "hevx", "avif", "avis":
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    static Blocks readJxl(SeekableByteChannel channel) throws IOException {
        Walk walk = new Walk(channel);
        byte[] exif = null;
        byte[] xmp = null;
        for (Box box : walk.children(0, walk.size)) {
            if (box.type() == EXIF && exif == null) {
                exif = walk.bytes(box.payloadStart(), box.payloadLength());
            } else if (box.type() == XML && xmp == null) {
                xmp = walk.bytes(box.payloadStart(), box.payloadLength());
            }
        }
        return new Blocks(Optional.ofNullable(exif), Optional.ofNullable(xmp));
    }

    static Blocks readHeif(SeekableByteChannel channel) throws IOException {
        Walk walk = new Walk(channel);
        Optional<Box> meta = walk.children(0, walk.size).stream().filter(b -> b.type() == META).findFirst();
        if (meta.isEmpty()) {
            return Blocks.NONE;
        }
        // meta is a FullBox: 4 bytes of version and flags before its children.
        List<Box> boxes = walk.children(meta.get().payloadStart() + 4, meta.get().end());
        List<Item> items = List.of();
        List<Location> locations = new ArrayList<>();
        List<Integer> locationIds = new ArrayList<>();
        Box idat = null;
        for (Box box : boxes) {
            if (box.type() == IINF) {
                items = readIinf(walk, box);
            } else if (box.type() == ILOC) {
                readIloc(ByteBuffer.wrap(walk.bytes(box.payloadStart(), Math.min(box.payloadLength(), MAX_META))),
                        locationIds, locations);
            } else if (box.type() == IDAT) {
                idat = box;
            }
        }
        byte[] exif = null;
        byte[] xmp = null;
        for (Item item : items) {
            boolean isExif = item.type() == EXIF;
            boolean isXmp = item.type() == MIME && item.contentType().strip().equalsIgnoreCase("application/rdf+xml");
            if ((isExif && exif == null) || (isXmp && xmp == null)) {
                int at = locationIds.indexOf(item.id());
                if (at < 0) {
                    continue;
                }
                byte[] data = itemBytes(walk, locations.get(at), idat);
                if (data == null) {
                    continue;
                }
                if (isExif) {
                    exif = data;
                } else {
                    xmp = data;
                }
            }
        }
        return new Blocks(Optional.ofNullable(exif), Optional.ofNullable(xmp));
    }

    private static List<Item> readIinf(Walk walk, Box iinf) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(walk.bytes(iinf.payloadStart(), 8));
        if (header.remaining() < 6) {
            return List.of();
        }
        int version = header.get(0) & 0xFF;
        long childrenStart = iinf.payloadStart() + 4 + (version == 0 ? 2 : 4);
        List<Item> items = new ArrayList<>();
        for (Box infe : walk.children(childrenStart, iinf.end())) {
            if (infe.type() != INFE || items.size() >= MAX_ITEMS) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(walk.bytes(infe.payloadStart(), Math.min(infe.payloadLength(), 1024)));
            if (b.remaining() < 4) {
                continue;
            }
            int infeVersion = b.get() & 0xFF;
            b.position(4);
            if (infeVersion < 2 || b.remaining() < (infeVersion == 2 ? 8 : 10)) {
                continue; // versions 0 and 1 have no item type; no HEIF writer uses them
            }
            int id = infeVersion == 2 ? b.getShort() & 0xFFFF : b.getInt();
            b.getShort(); // protection index
            int type = b.getInt();
            cString(b); // item name
            String contentType = type == MIME ? cString(b) : "";
            items.add(new Item(id, type, contentType));
        }
        return items;
    }

    private static void readIloc(ByteBuffer b, List<Integer> ids, List<Location> locations) {
        if (b.remaining() < 8) {
            return;
        }
        int version = b.get() & 0xFF;
        b.position(4);
        int sizes = b.getShort() & 0xFFFF;
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xF;
        int baseOffsetSize = (sizes >> 4) & 0xF;
        int indexSize = version == 0 ? 0 : sizes & 0xF;
        long count = version < 2 ? b.getShort() & 0xFFFF : Integer.toUnsignedLong(b.getInt());
        for (long i = 0; i < count && i < MAX_ITEMS; i++) {
            int id = version < 2 ? b.getShort() & 0xFFFF : b.getInt();
            int method = version == 0 ? 0 : b.getShort() & 0xF;
            b.getShort(); // data reference index
            long base = sized(b, baseOffsetSize);
            int extentCount = b.getShort() & 0xFFFF;
            List<Extent> extents = new ArrayList<>();
            for (int e = 0; e < extentCount; e++) {
                sized(b, indexSize);
                long offset = sized(b, offsetSize);
                long length = sized(b, lengthSize);
                extents.add(new Extent(base + offset, length));
            }
            ids.add(id);
            locations.add(new Location(method, extents));
        }
    }

    /** The bytes of an item: the concatenation of its extents, in the file (method 0) or in idat (1). */
    private static byte[] itemBytes(Walk walk, Location location, Box idat) throws IOException {
        long total = 0;
        for (Extent extent : location.extents()) {
            total += extent.length();
        }
        if (location.extents().isEmpty() || total <= 0 || total > MAX_BLOCK) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        for (Extent extent : location.extents()) {
            long start;
            long limit;
            if (location.constructionMethod() == 0) {
                start = extent.offset();
                limit = walk.size;
            } else if (location.constructionMethod() == 1 && idat != null) {
                start = idat.payloadStart() + extent.offset();
                limit = idat.end();
            } else {
                return null;
            }
            if (start < 0 || extent.offset() < 0 || start + extent.length() > limit) {
                return null;
            }
            out.put(walk.bytes(start, extent.length()));
        }
        return out.array();
    }

    private static long sized(ByteBuffer b, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> Integer.toUnsignedLong(b.getInt());
            case 8 -> b.getLong();
            default -> throw new IllegalArgumentException("iloc field size " + size);
        };
    }

    private static String cString(ByteBuffer b) {
        int start = b.position();
        while (b.hasRemaining() && b.get() != 0) {
            // scan to the terminating NUL
        }
        int end = b.position() - (b.position() > start && b.get(b.position() - 1) == 0 ? 1 : 0);
        return new String(b.array(), start, end - start, StandardCharsets.UTF_8);
    }

    private static int fourCc(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).getInt();
    }

    /** Bounded reads of one file. */
    private static final class Walk {
        final SeekableByteChannel channel;
        final long size;
        int boxes;

        Walk(SeekableByteChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
        }

        List<Box> children(long start, long end) throws IOException {
            List<Box> found = new ArrayList<>();
            long limit = Math.min(end, size);
            long pos = start;
            while (pos + 8 <= limit && boxes < MAX_BOXES) {
                ByteBuffer h = ByteBuffer.wrap(bytes(pos, 16));
                long boxSize = Integer.toUnsignedLong(h.getInt());
                int type = h.getInt();
                long header = 8;
                if (boxSize == 1) {
                    if (h.remaining() < 8) {
                        break;
                    }
                    boxSize = h.getLong();
                    header = 16;
                } else if (boxSize == 0) {
                    boxSize = limit - pos;
                }
                if (boxSize < header || boxSize > limit - pos) {
                    break; // a box larger than its parent: nothing after it can be located
                }
                boxes++;
                found.add(new Box(type, pos + header, pos + boxSize));
                pos += boxSize;
            }
            return found;
        }

        byte[] bytes(long position, long length) throws IOException {
            int n = (int) Math.max(0, Math.min(Math.min(length, MAX_BLOCK), size - position));
            ByteBuffer buffer = ByteBuffer.allocate(n);
            channel.position(position);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            return buffer.hasRemaining() ? java.util.Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
        }
    }
}
