package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few items of a HEIF file (HEIC, AVIF) that lead to a picture the service can decode: the Exif item, whose
 * TIFF block may carry a JPEG thumbnail, and any JPEG-coded item (a {@code thmb} thumbnail or a JPEG primary
 * image); plus the primary image's size from its {@code ispe} property.
 *
 * <p>Read from the {@code meta} box the way ISO/IEC 14496-12 and 23008-12 lay it out: {@code iinf} names the
 * items and their types, {@code iloc} says where their bytes are (in the file or in {@code idat}), {@code iref}
 * links thumbnails to the image they show, {@code iprp} holds the properties. Bounded: the {@code meta} box
 * and any item read must fit in {@link #MAX_META_BYTES} / {@link #MAX_ITEM_BYTES}. metadata-extractor reads
 * the same boxes for dates, but does not say where the Exif TIFF header lies, which the thumbnail offsets need.
 */
final class HeifItems {

    static final int MAX_META_BYTES = 4 << 20;
    static final int MAX_ITEM_BYTES = 16 << 20;
    private static final int MAX_TOP_LEVEL_BOXES = 64;
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1", "mif2", "miaf");

    /** One item's bytes: extents in the file, or (construction method 1) in the {@code idat} box. */
    private record Item(int id, String type, int constructionMethod, List<long[]> extents) {}

    /** A HEIF file's structure is broken: boxes run past their parent or past the end of the file. */
    static final class Broken extends IOException {
        Broken(String message) {
            super(message);
        }
    }

    private final String format;
    private final int width;
    private final int height;
    private final byte[] exifTiff;
    private final List<Item> jpegItems;
    private final SeekableByteChannel channel;
    private final byte[] idat;

    private HeifItems(String format, int width, int height, byte[] exifTiff, List<Item> jpegItems,
                      SeekableByteChannel channel, byte[] idat) {
        this.format = format;
        this.width = width;
        this.height = height;
        this.exifTiff = exifTiff;
        this.jpegItems = jpegItems;
        this.channel = channel;
        this.idat = idat;
    }

    /** "HEIC", "AVIF" or "HEIF", from the file type box's brands. */
    String format() {
        return format;
    }

    /** Width of the primary image ({@code ispe}), 0 when the file does not say. */
    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The Exif item from its TIFF header on, or null when there is none. */
    byte[] exifTiff() {
        return exifTiff;
    }

    /** How many JPEG-coded items (thumbnails, or a JPEG primary image) the file has. */
    int jpegItemCount() {
        return jpegItems.size();
    }

    /** The bytes of the i-th JPEG-coded item, read now from the channel given to {@link #read}. */
    byte[] jpegItem(int i) throws IOException {
        return bytesOf(jpegItems.get(i));
    }

    /**
     * Empty when the file is not HEIF (its first box is no {@code ftyp} naming a HEIF brand).
     *
     * @throws Broken when it is HEIF but its boxes are broken or cut short
     */
    static Optional<HeifItems> read(SeekableByteChannel channel) throws IOException {
        long fileLength = channel.size();
        ByteBuffer header = ByteBuffer.allocate(16);
        channel.position(0);
        if (readFully(channel, header) < 16 || !"ftyp".equals(type(header, 4))) {
            return Optional.empty();
        }
        long ftypSize = header.getInt(0) & 0xFFFFFFFFL;
        if (ftypSize < 16 || ftypSize > 4096 || ftypSize > fileLength) {
            return Optional.empty();
        }
        ByteBuffer ftyp = ByteBuffer.allocate((int) ftypSize);
        channel.position(0);
        readFully(channel, ftyp);
        String format = null;
        for (int at = 8; at + 4 <= ftypSize; at += 4) {
            if (at == 12) {
                continue; // minor version
            }
            String brand = type(ftyp, at);
            if (HEIC_BRANDS.contains(brand)) {
                format = "HEIC";
                break;
            }
            if (AVIF_BRANDS.contains(brand)) {
                format = "AVIF";
            } else if (HEIF_BRANDS.contains(brand) && format == null) {
                format = "HEIF";
            }
        }
        if (format == null) {
            return Optional.empty();
        }
        ByteBuffer meta = findMeta(channel, ftypSize, fileLength);
        return Optional.of(parseMeta(format, meta, channel, fileLength));
    }

    private static ByteBuffer findMeta(SeekableByteChannel channel, long from, long fileLength) throws IOException {
        long at = from;
        for (int box = 0; box < MAX_TOP_LEVEL_BOXES && at + 8 <= fileLength; box++) {
            ByteBuffer header = ByteBuffer.allocate(16);
            channel.position(at);
            readFully(channel, header);
            long size = header.getInt(0) & 0xFFFFFFFFL;
            int headerLength = 8;
            if (size == 1) {
                size = header.getLong(8);
                headerLength = 16;
            } else if (size == 0) {
                size = fileLength - at;
            }
            if (size < headerLength || at + size > fileLength) {
                throw new Broken("a " + type(header, 4) + " box runs past the end of the file");
            }
            if ("meta".equals(type(header, 4))) {
                if (size > MAX_META_BYTES) {
                    throw new Broken("its meta box is " + size + " bytes");
                }
                ByteBuffer meta = ByteBuffer.allocate((int) (size - headerLength));
                channel.position(at + headerLength);
                readFully(channel, meta);
                return meta.flip();
            }
            at += size;
        }
        throw new Broken("it has no meta box");
    }

    private static HeifItems parseMeta(String format, ByteBuffer meta, SeekableByteChannel channel, long fileLength)
            throws IOException {
        int primary = -1;
        Map<Integer, Item> items = new HashMap<>();
        Map<Integer, String> types = new HashMap<>();
        List<int[]> thumbnailRefs = new ArrayList<>();
        List<int[]> ispe = new ArrayList<>();
        Map<Integer, List<Integer>> associations = new HashMap<>();
        byte[] idat = new byte[0];
        ByteBuffer children = slice(meta, 4, meta.limit() - 4); // FullBox version and flags
        for (Box box : boxes(children)) {
            ByteBuffer body = box.body();
            switch (box.type()) {
                case "pitm" -> primary = version(body) == 0 ? u16(body, 4) : (int) u32(body, 4);
                case "iinf" -> readItemInfo(body, types);
                case "iloc" -> readLocations(body, items);
                case "iref" -> readReferences(body, "thmb", thumbnailRefs);
                case "iprp" -> readProperties(body, ispe, associations);
                case "idat" -> {
                    idat = new byte[body.remaining()];
                    body.duplicate().get(idat);
                }
                default -> {
                    // hdlr, dinf, grpl ...: nothing the previews need.
                }
            }
        }
        if (primary < 0) {
            throw new Broken("it names no primary image");
        }
        int width = 0;
        int height = 0;
        for (int index : associations.getOrDefault(primary, List.of())) {
            if (index >= 1 && index <= ispe.size() && ispe.get(index - 1) != null) {
                width = ispe.get(index - 1)[0];
                height = ispe.get(index - 1)[1];
            }
        }
        for (Item item : items.values()) {
            for (long[] extent : item.extents()) {
                long limit = item.constructionMethod() == 1 ? idat.length : fileLength;
                if (extent[0] < 0 || extent[1] < 0 || extent[0] + extent[1] > limit) {
                    throw new Broken("item " + item.id() + " lies past the end of the file");
                }
            }
        }
        HeifItems heif = new HeifItems(format, width, height, null, List.of(), channel, idat);
        byte[] exifTiff = null;
        List<Item> jpegs = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : types.entrySet()) {
            Item located = items.get(entry.getKey());
            if (located == null) {
                continue;
            }
            Item item = new Item(located.id(), entry.getValue(), located.constructionMethod(), located.extents());
            if ("Exif".equals(item.type()) && exifTiff == null) {
                exifTiff = tiffOf(heif.bytesOf(item));
            } else if ("jpeg".equals(item.type()) && (item.id() == primary || isThumbnailOf(item.id(), primary,
                    thumbnailRefs))) {
                jpegs.add(item);
            }
        }
        return new HeifItems(format, width, height, exifTiff, List.copyOf(jpegs), channel, idat);
    }

    private static boolean isThumbnailOf(int item, int primary, List<int[]> thumbnailRefs) {
        return thumbnailRefs.stream().anyMatch(ref -> ref[0] == item && ref[1] == primary);
    }

    /**
     * The Exif item starts with the offset of the TIFF header from the end of that 4-byte field (6 for the
     * "Exif\0\0" that iPhones write, 0 for libheif). Some writers put a JPEG APP1 header before it and count
     * wrongly, so when the offset does not lead to a TIFF header the first bytes are searched for one.
     */
    private static byte[] tiffOf(byte[] exifItem) {
        if (exifItem.length < 12) {
            return null;
        }
        long declared = 4 + (ByteBuffer.wrap(exifItem).getInt(0) & 0xFFFFFFFFL);
        if (declared + 8 <= exifItem.length && isTiffHeader(exifItem, (int) declared)) {
            return Arrays.copyOfRange(exifItem, (int) declared, exifItem.length);
        }
        for (int at = 4; at < Math.min(exifItem.length - 8, 4 + 64); at++) {
            if (isTiffHeader(exifItem, at)) {
                return Arrays.copyOfRange(exifItem, at, exifItem.length);
            }
        }
        return null;
    }

    private static boolean isTiffHeader(byte[] bytes, int at) {
        boolean intel = bytes[at] == 'I' && bytes[at + 1] == 'I' && bytes[at + 2] == 42 && bytes[at + 3] == 0;
        boolean motorola = bytes[at] == 'M' && bytes[at + 1] == 'M' && bytes[at + 2] == 0 && bytes[at + 3] == 42;
        return intel || motorola;
    }

    private byte[] bytesOf(Item item) throws IOException {
        long total = 0;
        for (long[] extent : item.extents()) {
            total += extent[1];
        }
        if (total > MAX_ITEM_BYTES) {
            throw new IOException("item " + item.id() + " is " + total + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        for (long[] extent : item.extents()) {
            if (item.constructionMethod() == 1) {
                out.put(idat, (int) extent[0], (int) extent[1]);
            } else {
                ByteBuffer part = ByteBuffer.allocate((int) extent[1]);
                channel.position(extent[0]);
                if (readFully(channel, part) < extent[1]) {
                    throw new Broken("item " + item.id() + " is cut short");
                }
                out.put(part.flip());
            }
        }
        return out.array();
    }

    private static void readItemInfo(ByteBuffer iinf, Map<Integer, String> types) throws Broken {
        int countBytes = version(iinf) == 0 ? 2 : 4;
        for (Box infe : boxes(slice(iinf, 4 + countBytes, iinf.limit() - 4 - countBytes))) {
            if (!"infe".equals(infe.type())) {
                continue;
            }
            ByteBuffer body = infe.body();
            int version = version(body);
            if (version < 2) {
                continue; // versions 0 and 1 carry no item type
            }
            int id = version == 2 ? u16(body, 4) : (int) u32(body, 4);
            int typeAt = 4 + (version == 2 ? 2 : 4) + 2;
            need(body, typeAt + 4);
            types.put(id, type(body, typeAt));
        }
    }

    private static void readLocations(ByteBuffer iloc, Map<Integer, Item> items) throws Broken {
        int version = version(iloc);
        need(iloc, 6);
        int sizes = u16(iloc, 4);
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xF;
        int baseOffsetSize = (sizes >> 4) & 0xF;
        int indexSize = version == 1 || version == 2 ? sizes & 0xF : 0;
        int at = 6;
        long count;
        if (version < 2) {
            count = u16(iloc, at);
            at += 2;
        } else {
            count = u32(iloc, at);
            at += 4;
        }
        for (long i = 0; i < count; i++) {
            int id;
            if (version < 2) {
                id = u16(iloc, at);
                at += 2;
            } else {
                id = (int) u32(iloc, at);
                at += 4;
            }
            int method = 0;
            if (version == 1 || version == 2) {
                method = u16(iloc, at) & 0xF;
                at += 2;
            }
            at += 2; // data reference index
            long base = sized(iloc, at, baseOffsetSize);
            at += baseOffsetSize;
            int extentCount = u16(iloc, at);
            at += 2;
            List<long[]> extents = new ArrayList<>(extentCount);
            for (int e = 0; e < extentCount; e++) {
                at += indexSize;
                long offset = sized(iloc, at, offsetSize);
                at += offsetSize;
                long length = sized(iloc, at, lengthSize);
                at += lengthSize;
                extents.add(new long[] {base + offset, length});
            }
            items.put(id, new Item(id, "", method, extents));
        }
    }

    private static void readReferences(ByteBuffer iref, String wanted, List<int[]> references) throws Broken {
        boolean wide = version(iref) != 0;
        for (Box reference : boxes(slice(iref, 4, iref.limit() - 4))) {
            ByteBuffer body = reference.body();
            int at = 0;
            int from = wide ? (int) u32(body, at) : u16(body, at);
            at += wide ? 4 : 2;
            int count = u16(body, at);
            at += 2;
            for (int i = 0; i < count; i++) {
                int to = wide ? (int) u32(body, at) : u16(body, at);
                at += wide ? 4 : 2;
                if (wanted.equals(reference.type())) {
                    references.add(new int[] {from, to});
                }
            }
        }
    }

    private static void readProperties(ByteBuffer iprp, List<int[]> ispe, Map<Integer, List<Integer>> associations)
            throws Broken {
        for (Box box : boxes(iprp)) {
            if ("ipco".equals(box.type())) {
                for (Box property : boxes(box.body())) {
                    ByteBuffer body = property.body();
                    ispe.add("ispe".equals(property.type()) && body.remaining() >= 12
                            ? new int[] {(int) u32(body, 4), (int) u32(body, 8)} : null);
                }
            } else if ("ipma".equals(box.type())) {
                ByteBuffer body = box.body();
                int version = version(body);
                boolean wideIndex = (u32(body, 0) & 1) != 0;
                long count = u32(body, 4);
                int at = 8;
                for (long i = 0; i < count; i++) {
                    int id = version < 1 ? u16(body, at) : (int) u32(body, at);
                    at += version < 1 ? 2 : 4;
                    need(body, at + 1);
                    int n = body.get(at) & 0xFF;
                    at++;
                    List<Integer> indices = associations.computeIfAbsent(id, k -> new ArrayList<>());
                    for (int a = 0; a < n; a++) {
                        indices.add(wideIndex ? u16(body, at) & 0x7FFF : body.get(at) & 0x7F);
                        at += wideIndex ? 2 : 1;
                    }
                }
            }
        }
    }

    private record Box(String type, ByteBuffer body) {}

    private static List<Box> boxes(ByteBuffer parent) throws Broken {
        List<Box> boxes = new ArrayList<>();
        int at = 0;
        while (at + 8 <= parent.limit()) {
            long size = u32(parent, at);
            String type = type(parent, at + 4);
            int headerLength = 8;
            if (size == 1) {
                need(parent, at + 16);
                size = parent.getLong(at + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = parent.limit() - at;
            }
            if (size < headerLength || at + size > parent.limit()) {
                throw new Broken("a " + type + " box runs past its parent");
            }
            boxes.add(new Box(type, slice(parent, at + headerLength, (int) size - headerLength)));
            at += (int) size;
        }
        return boxes;
    }

    private static ByteBuffer slice(ByteBuffer buffer, int from, int length) throws Broken {
        if (from < 0 || length < 0 || from + length > buffer.limit()) {
            throw new Broken("a box is shorter than its fields");
        }
        return buffer.slice(from, length);
    }

    private static int version(ByteBuffer fullBox) throws Broken {
        need(fullBox, 4);
        return fullBox.get(0) & 0xFF;
    }

    private static void need(ByteBuffer buffer, int length) throws Broken {
        if (buffer.limit() < length) {
            throw new Broken("a box is shorter than its fields");
        }
    }

    private static int u16(ByteBuffer buffer, int at) throws Broken {
        need(buffer, at + 2);
        return buffer.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer buffer, int at) throws Broken {
        need(buffer, at + 4);
        return buffer.getInt(at) & 0xFFFFFFFFL;
    }

    private static long sized(ByteBuffer buffer, int at, int bytes) throws Broken {
        need(buffer, at + bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (buffer.get(at + i) & 0xFF);
        }
        return value;
    }

    private static String type(ByteBuffer buffer, int at) {
        byte[] bytes = new byte[4];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
