package org.photoorganizer.media.isobmff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.photoorganizer.fixtures.Heifs.box;
import static org.photoorganizer.fixtures.Heifs.concat;
import static org.photoorganizer.fixtures.Heifs.fullBox;
import static org.photoorganizer.fixtures.Heifs.ftyp;
import static org.photoorganizer.fixtures.Heifs.header;
import static org.photoorganizer.fixtures.Heifs.sized;
import static org.photoorganizer.fixtures.Heifs.u16;
import static org.photoorganizer.fixtures.Heifs.u32;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.photoorganizer.fixtures.Heifs;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.ToolMade;
import org.photoorganizer.fs.NioFileOps;

/** The items of HEIF files laid out every way the specification allows, and hostile ones. */
class HeifMetaTest {

    static final byte[] PIXELS = bytes(300, 1);
    static final byte[] EXIF = Heifs.exifItem(6, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
            concat("MM\0*".getBytes(StandardCharsets.ISO_8859_1), bytes(200, 2)));
    static final byte[] XMP = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    private SeekableByteChannel channel;

    @AfterEach
    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    static byte[] bytes(int count, int seed) {
        byte[] bytes = new byte[count];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    BoxReader reader(byte[] file) throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = new NioFileOps().openChannel(Files.write(dir.resolve("f.heic"), file));
        return new BoxReader(channel);
    }

    HeifMeta read(byte[] file) throws IOException {
        return HeifMeta.read(reader(file));
    }

    static Heifs.Builder photo() {
        return Heifs.builder().item(1, "hvc1", PIXELS).item(2, "Exif", EXIF)
                .mimeItem(3, "application/rdf+xml", XMP).primary(1);
    }

    // --- where the bytes are ---

    @ParameterizedTest(name = "iloc v{0}, offset {1} length {2} base {3} index {4} bytes, {5} extent(s)")
    @CsvSource({
            "0, 4, 4, 0, 0, 1", "1, 4, 4, 0, 0, 1", "2, 4, 4, 0, 0, 1",
            "1, 8, 8, 0, 0, 1", "2, 8, 8, 8, 8, 1", "0, 4, 8, 4, 0, 1",
            "1, 0, 4, 4, 0, 1", "2, 0, 8, 8, 0, 1", "1, 4, 4, 4, 4, 3", "2, 8, 4, 0, 8, 4", "0, 4, 4, 0, 0, 2"})
    void findsTheItemsWhereverTheLocationsSayTheyAre(int version, int offsetSize, int lengthSize, int baseOffsetSize,
                                                    int indexSize, int extents) throws IOException {
        HeifMeta meta = read(photo().iloc(version, offsetSize, lengthSize, baseOffsetSize, indexSize)
                .extentsPerItem(extents).bytes());

        assertThat(meta.problem()).isEmpty();
        assertThat(meta.location(2)).map(location -> location.extents().size()).contains(extents);
        assertThat(meta.bytes(1, 1 << 20)).contains(PIXELS);
        assertThat(meta.bytes(2, 1 << 20)).contains(EXIF);
        assertThat(meta.bytes(3, 1 << 20)).contains(XMP);
        assertThat(meta.itemOutside()).isEmpty();
    }

    @ParameterizedTest(name = "iloc v{0}")
    @CsvSource({"1", "2"})
    void readsItemsStoredInIdat(int version) throws IOException {
        byte[] file = Heifs.builder().item(1, "hvc1", PIXELS).idatItem(2, "Exif", EXIF).primary(1)
                .iloc(version, 4, 4, 0, 0).extentsPerItem(2).bytes();
        HeifMeta meta = read(file);

        assertThat(meta.location(2)).map(HeifMeta.Location::constructionMethod).contains(1);
        assertThat(meta.bytes(2, 1 << 20)).contains(EXIF);
        assertThat(meta.fileDataEnd()).as("idat offsets are not file offsets").isEqualTo(file.length);
    }

    @Test
    void anItemInIdatBeyondIdatLiesOutside() throws IOException {
        byte[] file = Heifs.builder().item(1, "hvc1", PIXELS).idatItem(2, "Exif", EXIF).primary(1).bytes();

        HeifMeta meta = read(withBoxShortened(file, metaChild(file, "idat"), 100));

        assertThat(meta.problem()).isEmpty();
        assertThat(meta.itemOutside()).hasValue(2);
        assertThat(meta.bytes(2, 1 << 20)).isEmpty();
    }

    @Test
    void anItemPastTheEndOfTheFileLiesOutside() throws IOException {
        byte[] whole = photo().bytes();

        HeifMeta meta = read(Arrays.copyOf(whole, whole.length - 10));

        assertThat(meta.problem()).isEmpty();
        assertThat(meta.itemOutside()).hasValue(3);
        assertThat(meta.bytes(3, 1 << 20)).isEmpty();
        assertThat(meta.bytes(2, 1 << 20)).contains(EXIF);
        assertThat(meta.fileDataEnd()).isEqualTo(whole.length);
    }

    @Test
    void aSixtyFourBitOffsetPastAnyFileLiesOutsideNotBeforeTheStart() throws IOException {
        byte[] file = photo().iloc(1, 8, 8, 0, 0).bytes();
        int xmpAt = indexOf(file, XMP);
        int field = indexOf(file, sized(xmpAt, 8));
        System.arraycopy(sized(0xF000_0000_0000_0000L, 8), 0, file, field, 8);

        HeifMeta meta = read(file);

        assertThat(meta.problem()).isEmpty();
        assertThat(meta.itemOutside()).hasValue(3);
        assertThat(meta.fileDataEnd()).isEqualTo(Long.MAX_VALUE);
        assertThat(meta.bytes(2, 1 << 20)).contains(EXIF);
    }

    @Test
    void aSixtyFourBitLengthPastAnyFileLiesOutsideNotBelowZero() throws IOException {
        byte[] file = photo().iloc(1, 8, 8, 0, 0).bytes();
        int field = indexOf(file, concat(sized(indexOf(file, XMP), 8), sized(XMP.length, 8))) + 8;
        System.arraycopy(sized(0x8000_0000_0000_0010L, 8), 0, file, field, 8);

        HeifMeta meta = read(file);

        assertThat(meta.itemOutside()).hasValue(3);
        assertThat(meta.bytes(3, 1 << 20)).isEmpty();
        assertThat(meta.location(3)).map(HeifMeta.Location::length).contains(Long.MAX_VALUE);
    }

    @Test
    void itemsLongerThanAskedAreNotRead() throws IOException {
        HeifMeta meta = read(photo().bytes());

        assertThat(meta.bytes(2, EXIF.length - 1)).isEmpty();
        assertThat(meta.bytes(2, EXIF.length)).contains(EXIF);
        assertThat(meta.bytes(9, 1 << 20)).as("an item without a location").isEmpty();
    }

    @Test
    void theFileDataEndIsTheEndOfTheLastItemInTheFile() throws IOException {
        byte[] file = photo().bytes();

        assertThat(read(file).fileDataEnd()).isEqualTo(file.length);
    }

    // --- what the items are ---

    @ParameterizedTest(name = "infe v{0}")
    @CsvSource({"2", "3"})
    void namesTheItemsTheirTypesAndTheXmpContentType(int infeVersion) throws IOException {
        HeifMeta meta = read(photo().infeVersion(infeVersion).bytes());

        assertThat(meta.items()).containsExactly(new HeifMeta.Item(1, "hvc1", ""), new HeifMeta.Item(2, "Exif", ""),
                new HeifMeta.Item(3, "mime", "application/rdf+xml"));
        assertThat(meta.primary()).hasValue(1);
        assertThat(meta.firstBytes(item -> item.type().equals("mime"), 1 << 20)).contains(XMP);
    }

    @Test
    void infeVersionsWithoutATypeAreSkipped() throws IOException {
        byte[] oldInfe = fullBox("infe", 1, 0, u16(7), u16(0), Heifs.cString("name"), Heifs.cString("text/plain"),
                Heifs.cString(""));
        byte[] file = withMetaBox("iinf", concat(u32(0), u16(4), photoItems(), oldInfe));

        HeifMeta meta = read(file);

        assertThat(meta.problem()).isEmpty();
        assertThat(meta.items()).extracting(HeifMeta.Item::id).containsExactly(1, 2, 3);
    }

    @Test
    void thumbnailsAndTheSizeOfThePrimaryImage() throws IOException {
        byte[] thumbnail = Jpegs.builder().size(160, 120).seed(3).bytes();
        HeifMeta meta = read(photo().item(4, "jpeg", thumbnail).thumbnail(4, 1).ispe(1, 4032, 3024)
                .ispe(4, 160, 120).bytes());

        assertThat(meta.isThumbnailOf(4, 1)).isTrue();
        assertThat(meta.isThumbnailOf(1, 4)).isFalse();
        assertThat(meta.size(1)).contains(new HeifMeta.Size(4032, 3024));
        assertThat(meta.size(4)).contains(new HeifMeta.Size(160, 120));
        assertThat(meta.size(2)).isEmpty();
        assertThat(meta.bytes(4, 1 << 20)).contains(thumbnail);
    }

    @Test
    void theFirstReadableItemOfAKindIsTaken() throws IOException {
        byte[] second = Heifs.exifItem(0, new byte[0], "II*\0more".getBytes(StandardCharsets.ISO_8859_1));
        HeifMeta meta = read(Heifs.builder().item(1, "hvc1", PIXELS).item(2, "Exif", new byte[0])
                .item(3, "Exif", second).item(4, "Exif", EXIF).primary(1).bytes());

        assertThat(meta.firstBytes(item -> item.type().equals("Exif"), 1 << 20)).contains(second);
    }

    // --- the file type ---

    @Test
    void theFormatComesFromTheBrands() throws IOException {
        assertThat(HeifMeta.format(reader(ftyp("heic", "mif1")))).contains("HEIC");
        assertThat(HeifMeta.format(reader(ftyp("mif1", "avif", "miaf")))).contains("AVIF");
        assertThat(HeifMeta.format(reader(ftyp("mif1", "avif", "heic")))).contains("HEIC");
        assertThat(HeifMeta.format(reader(ftyp("mif1", "miaf")))).contains("HEIF");
        assertThat(HeifMeta.format(reader(ftyp("msf1")))).contains("HEIF");
        assertThat(HeifMeta.format(reader(ftyp("isom", "mp41", "avc1")))).isEmpty();
        assertThat(HeifMeta.format(reader(ftyp("crx ", "isom")))).isEmpty();
        assertThat(HeifMeta.format(reader(concat(u32(16), "ftyp".getBytes(), "isom".getBytes(), "mif1".getBytes()))))
                .as("the minor version is no brand").isEmpty();
    }

    @Test
    void aBrandAfterTheFirstSixtyFourBytesCounts() throws IOException {
        assertThat(HeifMeta.format(reader(ftyp("isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9",
                "isoa", "isob", "isoc", "isod", "isoe", "heic")))).contains("HEIC");
    }

    @Test
    void aFileTypeBoxThatDoesNotFitIsNoHeif() throws IOException {
        byte[] ftyp = ftyp("heic", "mif1");

        assertThat(HeifMeta.format(reader(Arrays.copyOf(ftyp, ftyp.length - 1)))).isEmpty();
        assertThat(HeifMeta.format(reader(concat(u32(8192), "ftyp".getBytes(), "heic".getBytes(), new byte[8192]))))
                .as("a ftyp box of 8 KB").isEmpty();
        assertThat(HeifMeta.format(reader(new byte[3]))).isEmpty();
    }

    // --- hostile files ---

    @Test
    void noMetaBoxIsAProblem() throws IOException {
        assertThat(read(concat(ftyp("heic", "mif1"), box("mdat", PIXELS))).problem()).contains("it has no meta box");
        assertThat(read(concat(ftyp("heic", "mif1"), header(5000, "free"), photo().bytes())).problem())
                .contains("a 'free' box runs past the end of the file");
    }

    @Test
    void aTruncatedLocationBoxGivesNoLocationsAtAll() throws IOException {
        byte[] file = photo().bytes();

        // Three entries of 16 bytes declared, the box shortened by 10: the last entry is cut, the meta box whole.
        HeifMeta meta = read(withBoxShortened(file, metaChild(file, "iloc"), 10));

        assertThat(meta.problem()).contains("the 'iloc' box is shorter than its fields");
        assertThat(meta.location(1)).as("an entry before the cut").isEmpty();
        assertThat(meta.items()).hasSize(3);
    }

    @ParameterizedTest(name = "field sizes {0}")
    @CsvSource({"0x2400", "0x4140", "0x4403", "0x4470"})
    void fieldSizesOtherThanZeroFourOrEightAreAProblem(String sizes) throws IOException {
        byte[] file = photo().iloc(1, 4, 4, 0, 0).bytes();
        System.arraycopy(u16(Integer.decode(sizes)), 0, file, metaChild(file, "iloc") + 12, 2);

        HeifMeta meta = read(file);

        assertThat(meta.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("-byte fields"));
        assertThat(meta.location(1)).isEmpty();
    }

    @Test
    void anUnknownLocationVersionIsAProblem() throws IOException {
        byte[] file = photo().iloc(2, 4, 4, 0, 0).bytes();
        file[metaChild(file, "iloc") + 8] = 3;

        HeifMeta meta = read(file);

        assertThat(meta.problem()).contains("the iloc box has version 3");
        assertThat(meta.location(1)).isEmpty();
    }

    @Test
    void moreItemsThanTheLimitAreAProblemAndTheFirstAreKept() throws IOException {
        Heifs.Builder many = Heifs.builder().primary(1);
        for (int id = 1; id <= HeifMeta.MAX_ITEMS + 1; id++) {
            many.item(id, "hvc1", new byte[] {(byte) id});
        }

        HeifMeta meta = read(many.iloc(2, 4, 4, 0, 0).bytes());

        assertThat(meta.problem()).contains("it has more than " + HeifMeta.MAX_ITEMS + " items");
        assertThat(meta.items()).hasSize(HeifMeta.MAX_ITEMS);
        assertThat(meta.location(HeifMeta.MAX_ITEMS)).isPresent();
        assertThat(meta.location(HeifMeta.MAX_ITEMS + 1)).as("past the limit").isEmpty();
    }

    @Test
    void moreLocationsThanTheLimitAreAProblem() throws IOException {
        byte[] iloc = fullBox("iloc", 2, 0, u16(0x4400), u32(0xFFFF_FFFFL), u32(1), u16(0), u16(0), u16(1), u32(0), u32(4));

        HeifMeta meta = read(withMetaBox("iloc", Arrays.copyOfRange(iloc, 8, iloc.length)));

        assertThat(meta.problem()).contains("it locates more than " + HeifMeta.MAX_ITEMS + " items");
    }

    @Test
    void moreExtentsThanTheLimitAreAProblemNotAMillionObjects() throws IOException {
        // Extents with 0-byte offsets and lengths take no room: two items of 65535 extents in 16 bytes.
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int id = 1; id <= 2; id++) {
            entries.writeBytes(concat(u16(id), u16(0), u16(0), u16(0xFFFF)));
        }
        byte[] iloc = fullBox("iloc", 1, 0, u16(0x0000), u16(2), entries.toByteArray());

        HeifMeta meta = read(withMetaBox("iloc", Arrays.copyOfRange(iloc, 8, iloc.length)));

        assertThat(meta.problem()).contains("it has more than " + HeifMeta.MAX_EXTENTS + " item extents");
        assertThat(meta.location(1)).isEmpty();
    }

    @Test
    void aLocationBoxLargerThanTheLimitIsNotReadIntoMemory() throws IOException {
        byte[] huge = new byte[HeifMeta.MAX_BOX + 1];
        HeifMeta meta = read(withMetaBox("iloc", huge));

        assertThat(meta.problem()).contains("its 'iloc' box is " + huge.length + " bytes");
    }

    @Test
    void aChildRunningPastTheMetaBoxIsAProblemAndTheChildrenBeforeItCount() throws IOException {
        byte[] file = withMetaBox("zzzz", new byte[0]);
        ByteBuffer.wrap(file).putInt(metaChild(file, "zzzz"), 1000);

        HeifMeta meta = read(file);

        assertThat(meta.problem()).contains("a 'zzzz' box runs past the end of its parent");
        assertThat(meta.bytes(2, 1 << 20)).contains(EXIF);
    }

    @Test
    void aMetaBoxWithoutItsVersionIsAProblem() throws IOException {
        assertThat(read(concat(ftyp("heic", "mif1"), box("meta", new byte[2]))).problem())
                .contains("the meta box is shorter than its fields");
    }

    @Test
    void aShortItemEntryIsAProblemAndTheOthersAreKept() throws IOException {
        byte[] shortInfe = fullBox("infe", 2, 0, u16(9));
        byte[] file = withMetaBox("iinf", concat(u32(0), u16(4), shortInfe, photoItems()));

        HeifMeta meta = read(file);

        assertThat(meta.problem()).contains("an 'infe' box is shorter than its fields");
        assertThat(meta.items()).extracting(HeifMeta.Item::id).containsExactly(1, 2, 3);
    }

    @Test
    void itemsBuiltFromOtherItemsAreNotReadAndNotJudged() throws IOException {
        byte[] file = photo().iloc(1, 4, 4, 0, 0).bytes();
        // After the header, version and flags, field sizes and item count, the first entry's id, then its
        // construction method: 2, offsets into other items; its first offset is no file offset.
        int entry = metaChild(file, "iloc") + 8 + 4 + 2 + 2;
        file[entry + 3] = 2;
        System.arraycopy(u32(0x7FFF_FFFF), 0, file, entry + 8, 4);

        HeifMeta meta = read(file);

        assertThat(meta.location(1)).map(HeifMeta.Location::constructionMethod).contains(2);
        assertThat(meta.bytes(1, 1 << 20)).isEmpty();
        assertThat(meta.itemOutside()).isEmpty();
    }

    @Test
    void manyThumbnailReferencesAreAProblem() throws IOException {
        ByteArrayOutputStream references = new ByteArrayOutputStream();
        references.writeBytes(u16(1));
        references.writeBytes(u16(HeifMeta.MAX_ITEMS + 1));
        for (int i = 0; i <= HeifMeta.MAX_ITEMS; i++) {
            references.writeBytes(u16(1));
        }
        byte[] iref = concat(u32(0), box("thmb", references.toByteArray()));

        HeifMeta meta = read(withMetaBox("iref", iref));

        assertThat(meta.problem()).contains("it has more than " + HeifMeta.MAX_ITEMS + " thumbnail references");
    }

    @Test
    void propertiesForMoreItemsThanTheLimitAreAProblem() throws IOException {
        byte[] iprp = concat(box("ipco", fullBox("ispe", 0, 0, u32(4032), u32(3024))),
                fullBox("ipma", 0, 0, u32(0xFFFF_FFFFL), u16(1), new byte[] {1, (byte) 0x81}));

        HeifMeta meta = read(withMetaBox("iprp", iprp));

        assertThat(meta.problem()).contains("it has properties for more than " + HeifMeta.MAX_ITEMS + " items");
    }

    // --- the TIFF header of an Exif block ---

    @Test
    void theTiffHeaderIsWhereTheExifBlockSaysOrFoundWhenItCountsWrongly() {
        byte[] tiff = concat("II*\0".getBytes(StandardCharsets.ISO_8859_1), new byte[8]);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, 42}, exif);

        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(6, exif, tiff))).as("iPhone").isEqualTo(10);
        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(0, new byte[0], tiff))).as("libheif").isEqualTo(4);
        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(6, app1, tiff))).as("an APP1 header before it").isEqualTo(14);
        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(0, exif, tiff))).as("offset 0, Exif\\0\\0 before it")
                .isEqualTo(10);
        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(0x7FFF_FFFF, new byte[0], tiff))).isEqualTo(4);
        assertThat(HeifMeta.tiffHeaderAt(Heifs.exifItem(0, new byte[0], new byte[40]))).isEqualTo(-1);
        assertThat(HeifMeta.tiffHeaderAt(new byte[11])).isEqualTo(-1);
    }

    // --- files made by the real tools ---

    @Test
    void readsWhatHeifEncWrites() throws IOException {
        ImageTools.requireHeifEnc();
        Path jpeg = Jpegs.builder().size(640, 480).seed(4).dateTimeOriginal(java.time.LocalDateTime.of(2024, 8, 14,
                13, 47, 57)).thumbnail(true).writeTo(dir.resolve("camera.jpg"));
        Path heic = ImageTools.heifEnc(jpeg, dir.resolve("camera.heic"), "-q", "50", "-t", "96");
        byte[] file = Files.readAllBytes(heic);
        BoxReader boxes = reader(file);

        HeifMeta meta = HeifMeta.read(boxes);

        assertThat(HeifMeta.format(boxes)).contains("HEIC");
        assertThat(meta.problem()).isEmpty();
        int primary = meta.primary().orElseThrow();
        assertThat(meta.size(primary)).contains(new HeifMeta.Size(640, 480));
        assertThat(meta.items()).extracting(HeifMeta.Item::type).contains("hvc1", "Exif");
        int thumbnail = meta.items().stream().filter(item -> meta.isThumbnailOf(item.id(), primary)).findFirst()
                .orElseThrow().id();
        assertThat(meta.size(thumbnail).orElseThrow().width()).isEqualTo(96);
        byte[] exif = meta.firstBytes(item -> item.type().equals("Exif"), 1 << 20).orElseThrow();
        assertThat(new String(exif, HeifMeta.tiffHeaderAt(exif), 2, StandardCharsets.ISO_8859_1)).isIn("II", "MM");
        assertThat(meta.fileDataEnd()).isEqualTo(file.length);
        assertThat(meta.itemOutside()).isEmpty();
    }

    // --- helpers ---

    /** Where the first box of {@code type} among the children of {@code [from, to)} starts, or -1. */
    static int child(byte[] file, int from, int to, String type) {
        for (int at = from; at + 8 <= to; at += ByteBuffer.wrap(file).getInt(at)) {
            if (new String(file, at + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
                return at;
            }
        }
        return -1;
    }

    /** Where the top-level meta box starts. */
    static int meta(byte[] file) {
        int meta = child(file, 0, file.length, "meta");
        assertThat(meta).as("a meta box").isNotNegative();
        return meta;
    }

    /** Where the first child of type {@code type} of the meta box starts. */
    static int metaChild(byte[] file, String type) {
        int meta = meta(file);
        int at = child(file, meta + 12, meta + ByteBuffer.wrap(file).getInt(meta), type);
        assertThat(at).as("a '%s' box in the meta box", type).isNotNegative();
        return at;
    }

    static int indexOf(byte[] file, byte[] find) {
        int at = ToolMade.indexOf(file, find);
        assertThat(at).as("found").isNotNegative();
        return at;
    }

    static byte[] infe(int id, String type, String contentType) {
        return fullBox("infe", 2, 0, u16(id), u16(0), type.getBytes(StandardCharsets.ISO_8859_1), Heifs.cString(""),
                type.equals("mime") ? Heifs.cString(contentType) : new byte[0]);
    }

    /** The infe boxes of {@link #photo()}. */
    static byte[] photoItems() {
        return concat(infe(1, "hvc1", ""), infe(2, "Exif", ""), infe(3, "mime", "application/rdf+xml"));
    }

    /** {@link #photo()} with its meta box's child of type {@code type} holding {@code payload}. */
    static byte[] withMetaBox(String type, byte[] payload) {
        return photo().metaBox(type, payload).bytes();
    }

    /** The box at {@code box} declared shorter by {@code by} bytes (8 or more), a free box after it in the gap. */
    static byte[] withBoxShortened(byte[] file, int box, int by) {
        byte[] out = file.clone();
        int size = ByteBuffer.wrap(file).getInt(box);
        ByteBuffer.wrap(out).putInt(box, size - by).putInt(box + size - by, by);
        System.arraycopy("free".getBytes(StandardCharsets.ISO_8859_1), 0, out, box + size - by + 4, 4);
        return out;
    }
}
