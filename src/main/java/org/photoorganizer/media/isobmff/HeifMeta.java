package org.photoorganizer.media.isobmff;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The items of a HEIF file (HEIC, HEIF, AVIF), as its {@code meta} box lays them out (ISO/IEC 23008-12 and
 * 14496-12 8.11): {@code pitm} names the primary image, {@code iinf} each item's id and type, {@code iloc}
 * where its bytes are (in the file, or in {@code idat}), {@code iref} which items are thumbnails of which,
 * {@code iprp} the properties, of which only the image size ({@code ispe}) is read.
 *
 * <p>What could be read is kept and the first thing found wrong is told by {@link #problem()}: a date reader
 * takes what is there, a fingerprinter refuses a damaged file. Bounded for hostile files: boxes are listed by
 * a {@link BoxReader}, a box is read into memory only up to {@link #MAX_BOX} bytes, and at most
 * {@link #MAX_ITEMS} items and {@link #MAX_EXTENTS} extents are kept.
 */
public final class HeifMeta {

    public static final int MAX_ITEMS = 4_096;
    public static final int MAX_EXTENTS = 65_536;
    /** The largest box read into memory whole ({@code iloc}, {@code ipma}, a reference list). */
    public static final int MAX_BOX = 4 << 20;
    private static final int MAX_FTYP = 4096;
    private static final int MAX_INFE = 4096;
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1", "mif2", "miaf");

    /** An item: its id, its type ({@code hvc1}, {@code grid}, {@code jpeg}, {@code Exif}, {@code mime} ...). */
    public record Item(int id, String type, String contentType) {}

    public record Extent(long offset, long length) {}

    /** Where an item's bytes are: construction method 0 (file offsets), 1 (offsets in {@code idat}), 2 (other items). */
    public record Location(int constructionMethod, List<Extent> extents) {
        /** The item's length, the sum of its extents (at most {@link Long#MAX_VALUE}). */
        public long length() {
            long total = 0;
            for (Extent extent : extents) {
                total = saturatedAdd(total, extent.length());
            }
            return total;
        }
    }

    public record Size(int width, int height) {}

    /** A box whose fields make no sense; its contents are left out. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final BoxReader boxes;
    private OptionalInt primary = OptionalInt.empty();
    private final List<Item> items = new ArrayList<>();
    private final Map<Integer, Location> locations = new LinkedHashMap<>();
    private final List<int[]> thumbnails = new ArrayList<>();
    private final Map<Integer, Size> sizes = new HashMap<>();
    private Box idat;
    private String problem;

    private HeifMeta(BoxReader boxes) {
        this.boxes = boxes;
    }

    /**
     * "HEIC", "AVIF" or "HEIF" when the file starts with a {@code ftyp} box that lies in the file and names a
     * brand of the HEIF family (an HEVC brand makes it HEIC, else an AV1 brand AVIF); empty otherwise.
     */
    public static Optional<String> format(BoxReader boxes) throws IOException {
        Optional<Box> ftyp = boxes.header(0, boxes.length());
        if (ftyp.isEmpty() || !ftyp.get().type().equals("ftyp") || !ftyp.get().fitsIn(boxes.length())
                || ftyp.get().size() < 16 || ftyp.get().size() > MAX_FTYP) {
            return Optional.empty();
        }
        ByteBuffer brands = boxes.payload(ftyp.get(), MAX_FTYP);
        String format = null;
        for (int at = 0; at + 4 <= brands.limit(); at += 4) {
            if (at == 4) {
                continue; // minor version
            }
            String brand = new String(brands.array(), at, 4, StandardCharsets.ISO_8859_1);
            if (HEIC_BRANDS.contains(brand)) {
                return Optional.of("HEIC");
            } else if (AVIF_BRANDS.contains(brand)) {
                format = "AVIF";
            } else if (HEIF_BRANDS.contains(brand) && format == null) {
                format = "HEIF";
            }
        }
        return Optional.ofNullable(format);
    }

    /** The items of the file's first top-level {@code meta} box; none, with a problem, when it has no such box. */
    public static HeifMeta read(BoxReader boxes) throws IOException {
        BoxReader.Children top = boxes.children(0, boxes.length());
        Optional<Box> meta = top.first("meta");
        if (meta.isEmpty()) {
            HeifMeta none = new HeifMeta(boxes);
            none.problem(top.problem().orElse("it has no meta box"));
            return none;
        }
        return read(boxes, meta.get());
    }

    /** The items of {@code meta}, a box that fits in the file. */
    public static HeifMeta read(BoxReader boxes, Box meta) throws IOException {
        HeifMeta heif = new HeifMeta(boxes);
        if (meta.payloadSize() < 4) {
            heif.problem("the meta box is shorter than its fields");
            return heif;
        }
        BoxReader.Children children = boxes.children(meta.payloadStart() + 4, meta.end()); // a FullBox
        children.problem().ifPresent(heif::problem);
        for (Box box : children.boxes()) {
            try {
                switch (box.type()) {
                    case "pitm" -> heif.readPrimary(heif.fields(box));
                    case "iinf" -> heif.readItemInfo(box);
                    case "iloc" -> heif.readLocations(heif.fields(box));
                    case "iref" -> heif.readReferences(box);
                    case "iprp" -> heif.readProperties(box);
                    case "idat" -> heif.idat = heif.idat == null ? box : heif.idat;
                    default -> {
                        // hdlr, dinf, grpl ...: nothing a reader of items needs
                    }
                }
            } catch (BufferUnderflowException e) {
                heif.problem("the '" + box.type() + "' box is shorter than its fields");
            } catch (Malformed e) {
                heif.problem(e.getMessage());
            }
        }
        return heif;
    }

    /** The first thing found wrong (the boxes, a field, a limit), in words; empty for a sound file. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public OptionalInt primary() {
        return primary;
    }

    /** The items in the order {@code iinf} lists them. */
    public List<Item> items() {
        return List.copyOf(items);
    }

    public Optional<Location> location(int item) {
        return Optional.ofNullable(locations.get(item));
    }

    /** True when an {@code iref} of type {@code thmb} says {@code item} is a thumbnail of {@code image}. */
    public boolean isThumbnailOf(int item, int image) {
        return thumbnails.stream().anyMatch(reference -> reference[0] == item && reference[1] == image);
    }

    /** An item's size from its {@code ispe} property (the last one when it has several). */
    public Optional<Size> size(int item) {
        return Optional.ofNullable(sizes.get(item));
    }

    /** The first item (in {@code iloc} order) with bytes past the end of the file or of {@code idat}. */
    public OptionalInt itemOutside() {
        for (Map.Entry<Integer, Location> entry : locations.entrySet()) {
            if (entry.getValue().constructionMethod() <= 1 && !inside(entry.getValue())) {
                return OptionalInt.of(entry.getKey());
            }
        }
        return OptionalInt.empty();
    }

    /** Where the item data stored in the file ends (construction method 0): the greatest extent end, or 0. */
    public long fileDataEnd() {
        long end = 0;
        for (Location location : locations.values()) {
            for (Extent extent : location.extents()) {
                if (location.constructionMethod() == 0) {
                    end = Math.max(end, saturatedAdd(extent.offset(), extent.length()));
                }
            }
        }
        return end;
    }

    /**
     * An item's bytes, its extents joined; empty when it has no location, is built from other items (method 2),
     * lies outside the file or {@code idat}, or is longer than {@code max}.
     */
    public Optional<byte[]> bytes(int item, int max) throws IOException {
        Location location = locations.get(item);
        if (location == null || location.constructionMethod() > 1 || !inside(location) || location.length() > max) {
            return Optional.empty();
        }
        ByteBuffer out = ByteBuffer.allocate((int) location.length());
        long base = location.constructionMethod() == 1 && idat != null ? idat.payloadStart() : 0;
        for (Extent extent : location.extents()) {
            out.put(boxes.readExactly(base + extent.offset(), (int) extent.length()));
        }
        return Optional.of(out.array());
    }

    /** The bytes of the first item (in {@code iinf} order) that {@code wanted} accepts and that can be read, not empty. */
    public Optional<byte[]> firstBytes(Predicate<Item> wanted, int max) throws IOException {
        for (Item item : items) {
            if (wanted.test(item)) {
                Optional<byte[]> bytes = bytes(item.id(), max);
                if (bytes.isPresent() && bytes.get().length > 0) {
                    return bytes;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where the TIFF header of an Exif block ({@code Exif} item of HEIF, {@code Exif} box of JPEG XL) starts, or
     * -1. The block starts with the offset of the TIFF header from the end of that 4-byte field (6 for the
     * "Exif\0\0" that iPhones write, 0 for libheif). Some writers put a JPEG APP1 header before it and count
     * wrongly, so when the offset does not lead to a TIFF header the first bytes are searched for one.
     */
    public static int tiffHeaderAt(byte[] exif) {
        if (exif.length < 12) {
            return -1;
        }
        long declared = 4 + Integer.toUnsignedLong(ByteBuffer.wrap(exif).getInt(0));
        if (declared + 8 <= exif.length && isTiffHeader(exif, (int) declared)) {
            return (int) declared;
        }
        for (int at = 4; at < Math.min(exif.length - 8, 4 + 64); at++) {
            if (isTiffHeader(exif, at)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean isTiffHeader(byte[] bytes, int at) {
        boolean intel = bytes[at] == 'I' && bytes[at + 1] == 'I' && bytes[at + 2] == 42 && bytes[at + 3] == 0;
        boolean motorola = bytes[at] == 'M' && bytes[at + 1] == 'M' && bytes[at + 2] == 0 && bytes[at + 3] == 42;
        return intel || motorola;
    }

    private void readPrimary(ByteBuffer pitm) {
        primary = OptionalInt.of(version(pitm) == 0 ? u16(pitm) : pitm.getInt());
    }

    private void readItemInfo(Box iinf) throws IOException {
        ByteBuffer header = boxes.payload(iinf, 8);
        int entriesAt = version(header) == 0 ? 6 : 8; // then a 16- or 32-bit entry count, which the boxes tell
        if (header.limit() < entriesAt) {
            throw new BufferUnderflowException();
        }
        BoxReader.Children entries = boxes.children(iinf.payloadStart() + entriesAt, iinf.end());
        entries.problem().ifPresent(this::problem);
        for (Box infe : entries.boxes()) {
            if (!infe.type().equals("infe")) {
                continue;
            }
            if (items.size() >= MAX_ITEMS) {
                problem("it has more than " + MAX_ITEMS + " items");
                return;
            }
            try {
                readItem(boxes.payload(infe, MAX_INFE));
            } catch (BufferUnderflowException e) {
                problem("an 'infe' box is shorter than its fields");
            }
        }
    }

    private void readItem(ByteBuffer infe) {
        int version = version(infe);
        if (version < 2) {
            return; // versions 0 and 1 carry no item type; no HEIF writer uses them
        }
        int id = version == 2 ? u16(infe) : infe.getInt();
        skip(infe, 2); // protection index
        String type = fourCc(infe);
        cString(infe); // item name
        items.add(new Item(id, type, type.equals("mime") ? cString(infe) : ""));
    }

    private void readLocations(ByteBuffer iloc) throws Malformed {
        int version = version(iloc);
        if (version > 2) {
            throw new Malformed("the iloc box has version " + version);
        }
        int sizes = u16(iloc);
        int offsetSize = fieldSize(sizes >> 12);
        int lengthSize = fieldSize((sizes >> 8) & 0xF);
        int baseOffsetSize = fieldSize((sizes >> 4) & 0xF);
        int indexSize = version == 0 ? 0 : fieldSize(sizes & 0xF);
        long count = version < 2 ? u16(iloc) : Integer.toUnsignedLong(iloc.getInt());
        if (count > MAX_ITEMS) {
            problem("it locates more than " + MAX_ITEMS + " items");
            count = MAX_ITEMS;
        }
        Map<Integer, Location> found = new LinkedHashMap<>();
        int extentsLeft = MAX_EXTENTS;
        for (long i = 0; i < count; i++) {
            int id = version < 2 ? u16(iloc) : iloc.getInt();
            int method = version == 0 ? 0 : u16(iloc) & 0xF;
            skip(iloc, 2); // data reference index: 0, this file
            long base = sized(iloc, baseOffsetSize);
            int extentCount = u16(iloc);
            if (extentCount > extentsLeft) {
                throw new Malformed("it has more than " + MAX_EXTENTS + " item extents");
            }
            extentsLeft -= extentCount;
            List<Extent> extents = new ArrayList<>(extentCount);
            for (int e = 0; e < extentCount; e++) {
                skip(iloc, indexSize);
                long offset = sized(iloc, offsetSize);
                extents.add(new Extent(saturatedAdd(base, offset), sized(iloc, lengthSize)));
            }
            found.putIfAbsent(id, new Location(method, List.copyOf(extents)));
        }
        // All or nothing: after a field out of place, no offset read from this box can be trusted.
        found.forEach(locations::putIfAbsent);
    }

    private void readReferences(Box iref) throws IOException, Malformed {
        boolean wide = version(boxes.payload(iref, 4)) != 0;
        BoxReader.Children references = boxes.children(iref.payloadStart() + 4, iref.end());
        references.problem().ifPresent(this::problem);
        for (Box reference : references.boxes()) {
            ByteBuffer fields = fields(reference);
            int from = wide ? fields.getInt() : u16(fields);
            int count = u16(fields);
            for (int i = 0; i < count; i++) {
                int to = wide ? fields.getInt() : u16(fields);
                if (reference.type().equals("thmb")) {
                    if (thumbnails.size() >= MAX_ITEMS) {
                        throw new Malformed("it has more than " + MAX_ITEMS + " thumbnail references");
                    }
                    thumbnails.add(new int[] {from, to});
                }
            }
        }
    }

    /** {@code ispe} sizes from {@code ipco}, given to the items {@code ipma} associates them with. */
    private void readProperties(Box iprp) throws IOException, Malformed {
        BoxReader.Children children = boxes.children(iprp);
        children.problem().ifPresent(this::problem);
        Map<Integer, Size> ispe = new HashMap<>();
        int index = 0;
        for (Box ipco : children.boxes()) {
            if (ipco.type().equals("ipco")) {
                BoxReader.Children properties = boxes.children(ipco);
                properties.problem().ifPresent(this::problem);
                for (Box property : properties.boxes()) {
                    index++; // properties are numbered from 1
                    ByteBuffer fields = property.type().equals("ispe") ? boxes.payload(property, 12) : null;
                    if (fields != null && fields.limit() >= 12) {
                        ispe.put(index, new Size(fields.getInt(4), fields.getInt(8)));
                    }
                }
            }
        }
        for (Box ipma : children.boxes()) {
            if (ipma.type().equals("ipma")) {
                readAssociations(fields(ipma), ispe);
            }
        }
    }

    private void readAssociations(ByteBuffer ipma, Map<Integer, Size> ispe) throws Malformed {
        int versionAndFlags = ipma.getInt();
        int version = versionAndFlags >>> 24;
        boolean wideIndex = (versionAndFlags & 1) != 0;
        long count = Integer.toUnsignedLong(ipma.getInt());
        if (count > MAX_ITEMS) {
            throw new Malformed("it has properties for more than " + MAX_ITEMS + " items");
        }
        for (long i = 0; i < count; i++) {
            int item = version < 1 ? u16(ipma) : ipma.getInt();
            int associations = ipma.get() & 0xFF;
            for (int a = 0; a < associations; a++) {
                int index = wideIndex ? u16(ipma) & 0x7FFF : ipma.get() & 0x7F; // the high bit: "essential"
                if (ispe.containsKey(index)) {
                    sizes.put(item, ispe.get(index));
                }
            }
        }
    }

    /** A box's whole payload, for a box parsed field by field. */
    private ByteBuffer fields(Box box) throws IOException, Malformed {
        if (box.payloadSize() > MAX_BOX) {
            throw new Malformed("its '" + box.type() + "' box is " + box.payloadSize() + " bytes");
        }
        return ByteBuffer.wrap(boxes.readExactly(box.payloadStart(), (int) box.payloadSize()));
    }

    private boolean inside(Location location) {
        long limit = location.constructionMethod() == 1 ? (idat == null ? 0 : idat.payloadSize()) : boxes.length();
        for (Extent extent : location.extents()) {
            if (extent.offset() > limit || extent.length() > limit - extent.offset()) {
                return false;
            }
        }
        return true;
    }

    private void problem(String what) {
        if (problem == null) {
            problem = what;
        }
    }

    /** A FullBox's version; its 24 flag bits are skipped. */
    private static int version(ByteBuffer fullBox) {
        int version = fullBox.get() & 0xFF;
        skip(fullBox, 3);
        return version;
    }

    /** iloc's offset, length, base offset and index fields are 0, 4 or 8 bytes long. */
    private static int fieldSize(int bytes) throws Malformed {
        if (bytes != 0 && bytes != 4 && bytes != 8) {
            throw new Malformed("its iloc box has " + bytes + "-byte fields");
        }
        return bytes;
    }

    /** An unsigned field; one of 2^63 or more (past any file) is taken as {@link Long#MAX_VALUE}. */
    private static long sized(ByteBuffer buffer, int bytes) {
        return switch (bytes) {
            case 0 -> 0;
            case 4 -> Integer.toUnsignedLong(buffer.getInt());
            default -> {
                long value = buffer.getLong();
                yield value < 0 ? Long.MAX_VALUE : value;
            }
        };
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xFFFF;
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        if (buffer.remaining() < bytes) {
            throw new BufferUnderflowException();
        }
        buffer.position(buffer.position() + bytes);
    }

    private static String fourCc(ByteBuffer buffer) {
        byte[] bytes = new byte[4];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A NUL-terminated UTF-8 string; the rest of the buffer when the NUL is missing. */
    private static String cString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        buffer.position(Math.min(end + 1, buffer.limit()));
        return new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
