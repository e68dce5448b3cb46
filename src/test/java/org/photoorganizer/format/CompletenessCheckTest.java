package org.photoorganizer.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.photoorganizer.fixtures.Heifs;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.ToolMadeMedia;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.ForwardingReadChannel;
import org.photoorganizer.fs.NioFileOps;

/**
 * Real files made by real tools are complete; the same files cut short anywhere (and at every structure
 * boundary, the cuts a writer pausing between two writes is most likely to leave) are not.
 */
class CompletenessCheckTest {
    private static final LocalDateTime TAKEN = LocalDateTime.of(2023, 4, 5, 6, 7, 8);

    @TempDir
    Path temp;

    private final CompletenessCheck check = new CompletenessCheck(new NioFileOps());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg", "jpeg-with-thumbnail", "progressive.jpg", "png", "gif", "webp", "mp4",
            "faststart.mp4", "mov", "avi", "heic", "tiff", "tiled.tif", "dng", "bmp"})
    void aToolMadeFileIsCompleteAndEveryCutOfItIsNot(String kind) throws Exception {
        Path file = make(kind, temp.resolve("whole"));
        byte[] whole = Files.readAllBytes(file);

        Completeness verdict = check.check(file);
        assertThat(verdict.verdict()).as(kind + ": " + verdict.describe()).isEqualTo(Completeness.Verdict.COMPLETE);

        List<String> wrong = new ArrayList<>();
        for (int cut : cuts(whole, kind)) {
            Path part = Files.write(temp.resolve("cut-" + cut), Arrays.copyOf(whole, cut));
            Completeness partial = check.check(part);
            if (!partial.isIncomplete()) {
                wrong.add(cut + " of " + whole.length + " bytes: " + partial.describe());
            }
            Files.delete(part);
        }
        assertThat(wrong).as(kind + ": cuts not seen as incomplete").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg", "mp4", "mov", "png", "gif"})
    void aFileWhoseFinalSizeWasSetBeforeItsContentIsIncomplete(String kind) throws Exception {
        // Some writers set the length first and fill the file in afterwards: zeros where the end should be.
        byte[] whole = Files.readAllBytes(make(kind, temp.resolve("whole")));
        byte[] reserved = new byte[whole.length];
        int written = whole.length * 2 / 3;
        System.arraycopy(whole, 0, reserved, 0, written);

        Completeness verdict = check.check(Files.write(temp.resolve("reserved"), reserved));

        assertThat(verdict.isIncomplete()).as(verdict.describe()).isTrue();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 100, 510, 511, 512, 2_000, 65_533})
    void aJpegPaddedAfterItsEndOfImageMarkerIsCompleteAsFarAsTheTailWindowReaches(int padding) throws Exception {
        // Some writers pad a JPEG to a block size with zeros or FF after its FF D9.
        byte[] jpeg = Jpegs.builder().size(640, 480).seed(4).dateTimeOriginal(TAKEN).bytes();
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + padding);
        for (int i = jpeg.length; i < padded.length; i++) {
            padded[i] = (byte) (i % 3 == 0 ? 0xFF : 0);
        }
        Completeness verdict = check.check(Files.write(temp.resolve("padded.jpg"), padded));
        assertThat(verdict.verdict()).as(verdict.describe()).isEqualTo(Completeness.Verdict.COMPLETE);

        // The same padding after a cut: the marker is missing, however far back the padding reaches.
        byte[] cut = Arrays.copyOf(padded, padded.length);
        cut[jpeg.length - 1] = 0x11;
        Completeness cutVerdict = check.check(Files.write(temp.resolve("cut.jpg"), cut));
        assertThat(cutVerdict.isIncomplete()).as(cutVerdict.describe()).isTrue();
    }

    @Test
    void paddingBeyondTheTailWindowIsNotTakenForAWholeJpeg() throws Exception {
        byte[] jpeg = Jpegs.builder().size(640, 480).seed(4).dateTimeOriginal(TAKEN).bytes();
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 70_000);
        Completeness verdict = check.check(Files.write(temp.resolve("padded.jpg"), padded));
        assertThat(verdict.isIncomplete()).as(verdict.describe()).isTrue();
    }

    @Test
    void aJpegCutRightAfterItsThumbnailDoesNotPassForComplete() throws Exception {
        byte[] jpeg = Jpegs.builder().size(640, 480).seed(3).dateTimeOriginal(TAKEN).thumbnail(true).bytes();
        int thumbnailEnd = -1;
        for (int i = 4; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xD9) {
                thumbnailEnd = i + 2;
                break;
            }
        }
        assertThat(thumbnailEnd).as("the EXIF thumbnail's own end-of-image marker").isBetween(100, jpeg.length - 100);

        Completeness verdict = check.check(Files.write(temp.resolve("cut.jpg"), Arrays.copyOf(jpeg, thumbnailEnd)));

        assertThat(verdict.isIncomplete()).isTrue();
    }

    @Test
    void aMotionPhotoIsCompleteOnlyWithItsWholeVideo() throws Exception {
        byte[] photo = Files.readAllBytes(ToolMadeMedia.jpeg(temp.resolve("p.jpg"), 320, 240, TAKEN));
        byte[] video = Files.readAllBytes(ToolMadeMedia.mp4(temp.resolve("v.mp4"), 1, false, TAKEN));
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:GCamera=\"http://ns.google.com/photos/1.0/camera/\" GCamera:MotionPhoto=\"1\""
                + " GCamera:MicroVideoOffset=\"" + video.length + "\"/></rdf:RDF></x:xmpmeta>";
        byte[] motion = concat(Jpegs.withXmp(photo, xmp), video);

        assertThat(check.check(Files.write(temp.resolve("motion.jpg"), motion)).verdict())
                .isEqualTo(Completeness.Verdict.COMPLETE);
        for (int cut : new int[] {motion.length - video.length, motion.length - video.length / 2, motion.length - 1}) {
            assertThat(check.check(Files.write(temp.resolve("motion-cut.jpg"), Arrays.copyOf(motion, cut)))
                    .isIncomplete()).as("cut at %d of %d", cut, motion.length).isTrue();
        }
    }

    @Test
    void aSamsungTrailerAfterThePictureIsRecognised() throws Exception {
        byte[] photo = Files.readAllBytes(ToolMadeMedia.jpeg(temp.resolve("p.jpg"), 320, 240, TAKEN));
        byte[] directory = "SEFH\u0001\u0000\u0000\u0000 some directory entries".getBytes(StandardCharsets.ISO_8859_1);
        byte[] trailer = concat("MotionPhoto_Data....video....".getBytes(StandardCharsets.ISO_8859_1), directory,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(directory.length).array(),
                "SEFT".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(check.check(Files.write(temp.resolve("samsung.jpg"), concat(photo, trailer))).verdict())
                .isEqualTo(Completeness.Verdict.COMPLETE);
        assertThat(check.check(Files.write(temp.resolve("cut.jpg"), concat(photo, Arrays.copyOf(trailer, 20))))
                .isIncomplete()).isTrue();
    }

    @Test
    void anMpfFileNeedsTheExtraImagesItAnnounces() throws Exception {
        byte[] primary = Files.readAllBytes(ToolMadeMedia.jpeg(temp.resolve("p.jpg"), 320, 240, TAKEN));
        byte[] second = Files.readAllBytes(ToolMadeMedia.jpeg(temp.resolve("s.jpg"), 160, 120, TAKEN));
        byte[] file = withMpf(primary, second);

        assertThat(check.check(Files.write(temp.resolve("mpo.jpg"), file)).verdict())
                .isEqualTo(Completeness.Verdict.COMPLETE);
        // Cut right after the primary picture: it ends with FF D9, but the second picture is missing.
        assertThat(check.check(Files.write(temp.resolve("cut.jpg"), Arrays.copyOf(file, file.length - second.length)))
                .describe()).contains("MPF");
    }

    @Test
    void aHeifWhoseItemLocationsMakeNoSenseIsJudgedNotAnError() throws Exception {
        // The boxes tile the file, but the iloc box in meta is 2 bytes long: damage, not a file cut short.
        byte[] heic = Heifs.builder().item(1, "hvc1", new byte[500]).primary(1).metaBox("iloc", new byte[2]).bytes();

        Completeness verdict = check.check(Files.write(temp.resolve("a.heic"), heic));

        assertThat(verdict.verdict()).isEqualTo(Completeness.Verdict.COMPLETE);
    }

    @Test
    void aRafIsCheckedByTheDirectoryOfItsParts() throws Exception {
        byte[] preview = Files.readAllBytes(ToolMadeMedia.jpeg(temp.resolve("p.jpg"), 160, 120, TAKEN));
        byte[] raf = raf(preview, new byte[50_000]);

        assertThat(check.check(Files.write(temp.resolve("a.RAF"), raf)).verdict())
                .isEqualTo(Completeness.Verdict.COMPLETE);
        for (int cut : new int[] {90, 200 + preview.length / 2, raf.length - 1}) {
            assertThat(check.check(Files.write(temp.resolve("cut.RAF"), Arrays.copyOf(raf, cut))).isIncomplete())
                    .as("cut at %d", cut).isTrue();
        }
    }

    @Test
    void filesWithoutARuleAreLeftToTheQuietTime() throws Exception {
        byte[] garbage = new byte[5000];
        new java.util.Random(1).nextBytes(garbage);
        garbage[0] = 0x1A;
        byte[] matroska = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0};

        assertThat(check.check(Files.write(temp.resolve("g.jpg"), garbage)).verdict())
                .isEqualTo(Completeness.Verdict.NO_RULE);
        assertThat(check.check(Files.write(temp.resolve("v.mkv"), matroska)).verdict())
                .isEqualTo(Completeness.Verdict.NO_RULE);
        assertThat(check.check(Files.write(temp.resolve("empty.jpg"), new byte[0])).verdict())
                .isEqualTo(Completeness.Verdict.NO_RULE);
    }

    @Test
    void theFormatIsToldByTheContentNotTheName() throws Exception {
        byte[] png = Files.readAllBytes(ToolMadeMedia.png(temp.resolve("a.png"), 64, 48));

        Completeness verdict = check.check(Files.write(temp.resolve("really a png.jpg"), png));

        assertThat(verdict.verdict()).isEqualTo(Completeness.Verdict.COMPLETE);
        assertThat(verdict.format()).isEqualTo("PNG");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg", "mp4", "dng"})
    void theCheckReadsOnlyTheHeadersAndTheTailNotTheWholeFile(String kind) throws Exception {
        Path file = make(kind + "-big", temp.resolve("big"));
        AtomicLong read = new AtomicLong();
        CompletenessCheck counting = new CompletenessCheck(new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path path) throws IOException {
                return counted(super.openChannel(path), read);
            }
        });

        assertThat(counting.check(file).verdict()).isEqualTo(Completeness.Verdict.COMPLETE);

        assertThat(read.get()).as("bytes read of %d", Files.size(file)).isLessThan(Files.size(file) / 10)
                .isLessThan(200_000);
    }

    private Path make(String kind, Path dir) throws IOException {
        Files.createDirectories(dir);
        return switch (kind) {
            case "jpeg" -> ToolMadeMedia.jpeg(dir.resolve("a.jpg"), 320, 240, TAKEN);
            case "jpeg-big" -> ToolMadeMedia.jpeg(dir.resolve("a.jpg"), 4000, 3000, TAKEN);
            case "jpeg-with-thumbnail" -> Jpegs.builder().size(640, 480).seed(5).dateTimeOriginal(TAKEN)
                    .thumbnail(true).writeTo(dir.resolve("t.jpg"));
            case "progressive.jpg" -> ToolMadeMedia.progressiveJpeg(dir.resolve("p.jpg"), 320, 240);
            case "png" -> ToolMadeMedia.png(dir.resolve("a.png"), 200, 150);
            case "gif" -> ToolMadeMedia.gif(dir.resolve("a.gif"), 64);
            case "webp" -> ToolMadeMedia.webp(dir.resolve("a.webp"), 200, 150);
            case "mp4" -> ToolMadeMedia.mp4(dir.resolve("a.mp4"), 1, false, TAKEN);
            case "mp4-big" -> ToolMadeMedia.mp4(dir.resolve("a.mp4"), 20, false, TAKEN);
            case "faststart.mp4" -> ToolMadeMedia.mp4(dir.resolve("f.mp4"), 1, true, TAKEN);
            case "mov" -> ToolMadeMedia.mov(dir.resolve("a.mov"), 1);
            case "avi" -> ToolMadeMedia.avi(dir.resolve("a.avi"), 1);
            case "heic" -> ToolMadeMedia.heic(dir.resolve("a.heic"), 200, 150);
            case "tiff" -> ToolMadeMedia.tiff(dir.resolve("a.tif"), 200, 150, false);
            case "tiled.tif" -> ToolMadeMedia.tiff(dir.resolve("t.tif"), 200, 150, true);
            case "dng" -> ToolMadeMedia.dng(dir.resolve("a.dng"), 400, 300, TAKEN);
            case "dng-big" -> ToolMadeMedia.dng(dir.resolve("a.dng"), 2000, 1500, TAKEN);
            case "bmp" -> ToolMadeMedia.bmp(dir.resolve("a.bmp"), 100, 80);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Where to cut: 48 points spread over the file, the last bytes, and every boundary of its structure
     * (JPEG segments, boxes, chunks) since a writer pausing between two writes often stops at one.
     */
    private static TreeSet<Integer> cuts(byte[] whole, String kind) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 1; i < 48; i++) {
            cuts.add((int) ((long) whole.length * i / 48));
        }
        int lastBytes = kind.equals("tiff") || kind.equals("tiled.tif") || kind.equals("dng") ? 8 : 1;
        for (int i = lastBytes; i <= lastBytes + 3; i++) {
            cuts.add(whole.length - i);
        }
        cuts.addAll(boundaries(whole));
        cuts.removeIf(cut -> cut <= 0 || cut >= whole.length - lastBytes + 1);
        return cuts;
    }

    /** Box boundaries of an ISO file, segment boundaries of a JPEG, chunk boundaries of a PNG. */
    private static List<Integer> boundaries(byte[] whole) {
        List<Integer> found = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(whole);
        if (whole.length > 8 && new String(whole, 4, 4, StandardCharsets.ISO_8859_1).matches("ftyp|wide|mdat|moov")) {
            for (long at = 0; at + 8 <= whole.length; ) {
                long size = buffer.getInt((int) at) & 0xFFFF_FFFFL;
                if (size < 8) {
                    break;
                }
                at += size;
                found.add((int) Math.min(at, whole.length));
            }
        } else if ((whole[0] & 0xFF) == 0xFF && (whole[1] & 0xFF) == 0xD8) {
            for (int at = 2; at + 4 <= whole.length; ) {
                int code = whole[at + 1] & 0xFF;
                int length = buffer.getShort(at + 2) & 0xFFFF;
                at += 2 + length;
                found.add(at);
                if (code == 0xDA) {
                    break;
                }
            }
        } else if ((whole[0] & 0xFF) == 0x89) {
            for (int at = 8; at + 8 <= whole.length; ) {
                at += 12 + buffer.getInt(at);
                found.add(at);
            }
        }
        return found;
    }

    private static SeekableByteChannel counted(SeekableByteChannel channel, AtomicLong read) {
        return new ForwardingReadChannel(channel) {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                int n = super.read(dst);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The primary JPEG with an APP2 MPF index naming a second image appended after it (as an MPO file). */
    private static byte[] withMpf(byte[] primary, byte[] second) {
        // APP2: FF E2, length, "MPF\0", TIFF header (MM), IFD with MPEntry (tag B002, 2 entries x 16 bytes).
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4 + 32).order(ByteOrder.BIG_ENDIAN);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0xB002).putShort((short) 7).putInt(32).putInt(8 + 2 + 12 + 4);
        tiff.putInt(0);
        int segmentLength = 2 + 4 + tiff.capacity();
        int primaryLength = primary.length + 2 + segmentLength;
        int tiffStart = 2 + 2 + 2 + 4;
        tiff.putInt(0x20030000).putInt(primaryLength).putInt(0).putInt(0);
        tiff.putInt(0).putInt(second.length).putInt(primaryLength - tiffStart).putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE2);
        out.write(segmentLength >> 8);
        out.write(segmentLength);
        out.writeBytes("MPF\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff.array());
        out.write(primary, 2, primary.length - 2);
        out.writeBytes(second);
        return out.toByteArray();
    }

    /** A RAF laid out as Fujifilm's: header, directory at 84, embedded JPEG, CFA header, CFA data. */
    private static byte[] raf(byte[] preview, byte[] cfa) {
        int jpegAt = 200;
        byte[] cfaHeader = new byte[64];
        int cfaHeaderAt = jpegAt + preview.length;
        int cfaAt = cfaHeaderAt + cfaHeader.length;
        ByteBuffer file = ByteBuffer.allocate(cfaAt + cfa.length).order(ByteOrder.BIG_ENDIAN);
        file.put("FUJIFILMCCD-RAW 0201FF383501".getBytes(StandardCharsets.ISO_8859_1));
        file.position(84);
        file.putInt(jpegAt).putInt(preview.length).putInt(cfaHeaderAt).putInt(cfaHeader.length).putInt(cfaAt)
                .putInt(cfa.length);
        file.position(jpegAt);
        file.put(preview).put(cfaHeader).put(cfa);
        return file.array();
    }
}
