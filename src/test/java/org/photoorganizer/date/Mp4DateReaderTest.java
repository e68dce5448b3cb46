package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Mp4s;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class Mp4DateReaderTest {

    static final long JULY_2024 = Mp4s.toMvhdSeconds(Instant.parse("2024-07-01T10:00:00Z"));

    @TempDir Path dir;

    final Mp4DateReader reader = new Mp4DateReader();

    Mp4DateReader.Mp4Dates read(byte[] content) throws Exception {
        return read(Files.write(dir.resolve("v.mp4"), content));
    }

    Mp4DateReader.Mp4Dates read(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return reader.read(channel);
        }
    }

    @Test
    void readsAllFieldsOfAFixture() throws Exception {
        Mp4DateReader.Mp4Dates dates = read(Mp4s.builder().quickTime().mvhdCreationRaw(JULY_2024)
                .day("2024-07-01T12:00:00+0200").ilstDay("2024-07-01T12:00:01+0200")
                .contentIdentifier("X").appleCreationDate("2024-07-01T12:00:02+0200").bytes());

        assertThat(dates.mvhdCreationTime()).hasValue(JULY_2024);
        assertThat(dates.dayTexts()).containsExactly("2024-07-01T12:00:00+0200", "2024-07-01T12:00:01+0200");
        assertThat(dates.appleCreationDate()).contains("2024-07-01T12:00:02+0200");
    }

    @Test
    void mvhdVersion1With64BitTime() throws Exception {
        assertThat(read(Mp4s.builder().mvhdVersion(1).mvhdCreationRaw(JULY_2024).bytes()).mvhdCreationTime())
                .hasValue(JULY_2024);
    }

    @Test
    void mvhdTimeAbove2Pow31IsUnsigned() throws Exception {
        long after2036 = 0xF000_0000L;
        assertThat(read(Mp4s.builder().mvhdCreationRaw(after2036).bytes()).mvhdCreationTime()).hasValue(after2036);
    }

    @Test
    void dayAtomHoldingADataBox() throws Exception {
        byte[] data = box("data", ByteBuffer.allocate(8).putInt(1).putInt(0).array(),
                "2022-02-02T02:02:02+0100".getBytes(StandardCharsets.UTF_8));
        byte[] file = concat(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)),
                box("moov", box("udta", box(new byte[] {(byte) 0xA9, 'd', 'a', 'y'}, data))));

        assertThat(read(file).dayTexts()).containsExactly("2022-02-02T02:02:02+0100");
    }

    @Test
    void appleKeyIsMatchedByIndexNotPosition() throws Exception {
        // Two keys; only the second is the creation date, and ilst lists it first.
        Mp4DateReader.Mp4Dates dates = read(Mp4s.builder().mdtaKey("com.apple.quicktime.make", "Apple")
                .appleCreationDate("2021-01-01T01:01:01+0100").bytes());

        assertThat(dates.appleCreationDate()).contains("2021-01-01T01:01:01+0100");
    }

    @Test
    void moovAfterAHugeSparseMdatIsFoundBySeeking() throws Exception {
        Path file = dir.resolve("big.mp4");
        byte[] moov = Mp4s.builder().mvhdCreationRaw(JULY_2024).bytes();
        // Take ftyp+moov from a fixture, then put a 3 GiB (sparse) mdat between them.
        int ftypSize = ByteBuffer.wrap(moov).getInt();
        long mdatSize = 3L << 30;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(moov, 0, ftypSize));
            ch.write(ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII))
                    .putLong(mdatSize).flip());
            int moovSize = ByteBuffer.wrap(moov, ftypSize, 4).getInt();
            ch.write(ByteBuffer.wrap(moov, ftypSize, moovSize), ftypSize + mdatSize);
        }

        Mp4DateReader.Mp4Dates dates = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(file));

        assertThat(dates.mvhdCreationTime()).hasValue(JULY_2024);
    }

    @Test
    void hostileSizesEndTheWalkQuietly() throws Exception {
        byte[] ftyp = box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII));
        byte[] moov = Mp4s.builder().mvhdCreationRaw(JULY_2024).bytes();
        byte[][] bad = {
                concat(ftyp, header(0xFFFF_FFFFL, "mdat"), moov),              // claims 4 GiB in a tiny file
                concat(ftyp, header(4, "free"), moov),                         // smaller than its header
                concat(ftyp, header(1, "mdat"), longBytes(-5), moov),          // negative largesize
                concat(ftyp, header(1, "mdat"), longBytes(Long.MAX_VALUE)),    // absurd largesize
                concat(ftyp, header(1, "mdat")),                               // largesize cut off
                concat(ftyp, box("moov", header(0xFFFF_FFFFL, "mvhd"))),       // child beyond parent
                concat(ftyp, box("moov", box("meta", box("keys", intBytes(0), intBytes(Integer.MAX_VALUE),
                        intBytes(-3), "mdta".getBytes(StandardCharsets.US_ASCII))))),
                concat(ftyp, box("moov", box("udta", box(new byte[] {(byte) 0xA9, 'd', 'a', 'y'},
                        new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 'x'})))),
                {0, 0, 0},
                "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1),
        };
        for (byte[] content : bad) {
            assertThatCode(() -> read(content)).doesNotThrowAnyException();
        }
    }

    @Test
    void sizeZeroMeansToTheEndOfTheFile() throws Exception {
        byte[] moov = Mp4s.builder().mvhdCreationRaw(JULY_2024).bytes();
        int ftypSize = ByteBuffer.wrap(moov).getInt();
        byte[] lastBoxOpenEnded = moov.clone();
        ByteBuffer.wrap(lastBoxOpenEnded).putInt(ftypSize, 0); // moov is followed by mdat: cut that off
        int moovSize = ByteBuffer.wrap(moov).getInt(ftypSize);
        byte[] file = java.util.Arrays.copyOf(lastBoxOpenEnded, ftypSize + moovSize);

        assertThat(read(file).mvhdCreationTime()).hasValue(JULY_2024);
    }

    @Test
    void manyTinyBoxesAreBounded() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 200_000; i++) {
            out.writeBytes(header(8, "free"));
        }
        out.writeBytes(Mp4s.builder().mvhdCreationRaw(JULY_2024).bytes());
        byte[] content = out.toByteArray();

        Mp4DateReader.Mp4Dates dates = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(content));

        assertThat(dates.mvhdCreationTime()).as("given up before the moov").isEmpty();
    }

    private static byte[] box(String type, byte[]... payload) {
        return box(type.getBytes(StandardCharsets.ISO_8859_1), payload);
    }

    private static byte[] box(byte[] type, byte[]... payload) {
        byte[] body = concat(payload);
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(type).put(body).array();
    }

    private static byte[] header(long size, String type) {
        return ByteBuffer.allocate(8).putInt((int) size).put(type.getBytes(StandardCharsets.US_ASCII)).array();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
