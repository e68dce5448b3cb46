package org.photoorganizer.media.isobmff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.photoorganizer.fixtures.Heifs.box;
import static org.photoorganizer.fixtures.Heifs.concat;
import static org.photoorganizer.fixtures.Heifs.header;
import static org.photoorganizer.fixtures.Heifs.largeBox;
import static org.photoorganizer.fixtures.Heifs.u32;
import static org.photoorganizer.fixtures.Heifs.u64;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.NioFileOps;

/** Box headers of every size form, and the hostile sizes a walk must stop at. */
class BoxReaderTest {

    @TempDir Path dir;

    private SeekableByteChannel channel;

    @AfterEach
    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    BoxReader reader(byte[] content) throws IOException {
        channel = new NioFileOps().openChannel(Files.write(dir.resolve("f.bin"), content));
        return new BoxReader(channel);
    }

    static List<String> types(BoxReader.Children children) {
        return children.boxes().stream().map(Box::type).toList();
    }

    @Test
    void readsThe32BitThe64BitAndTheToTheEndSizes() throws IOException {
        byte[] file = concat(box("ftyp", new byte[8]), largeBox("mdat", new byte[100]), header(0, "free"), new byte[20]);
        BoxReader boxes = reader(file);

        BoxReader.Children top = boxes.children(0, boxes.length());

        assertThat(top.boxes()).containsExactly(new Box("ftyp", 0, 8, 16), new Box("mdat", 16, 16, 116),
                new Box("free", 132, 8, 28));
        assertThat(top.problem()).isEmpty();
        assertThat(top.boxes().get(1).payloadStart()).isEqualTo(32);
        assertThat(top.boxes().get(2).end()).isEqualTo(file.length);
    }

    @Test
    void sizeZeroReachesTheEndOfTheParentNotOfTheFile() throws IOException {
        byte[] file = concat(box("moov", box("trak", new byte[4]), header(0, "udta"), new byte[8]), box("free"));
        BoxReader boxes = reader(file);
        Box moov = boxes.children(0, boxes.length()).first("moov").orElseThrow();

        assertThat(boxes.children(moov).boxes()).containsExactly(new Box("trak", 8, 8, 12), new Box("udta", 20, 8, 16));
    }

    @Test
    void aBoxLargerThanItsParentStopsTheWalkAndIsToldApart() throws IOException {
        byte[] file = concat(box("ftyp", new byte[8]), header(0xFFFF_FFFFL, "mdat"), box("moov"));
        BoxReader boxes = reader(file);

        BoxReader.Children top = boxes.children(0, boxes.length());

        assertThat(types(top)).containsExactly("ftyp");
        assertThat(top.stray()).contains(new Box("mdat", 16, 8, 0xFFFF_FFFFL));
        assertThat(top.problem()).contains("a 'mdat' box runs past the end of the file");
    }

    @Test
    void aChildLargerThanItsParentRunsPastTheParentThoughTheFileHoldsIt() throws IOException {
        byte[] file = concat(box("moov", header(64, "mvhd")), new byte[100]);
        BoxReader boxes = reader(file);
        Box moov = boxes.children(0, 16).boxes().get(0);

        assertThat(boxes.children(moov).problem()).contains("a 'mvhd' box runs past the end of its parent");
    }

    @Test
    void sizesBelowTheHeaderStopTheWalk() throws IOException {
        byte[][] smallerThanTheirHeader = {
                header(4, "free"),                         // 32-bit size below 8
                concat(header(1, "mdat"), u64(12)),       // 64-bit size below 16
                concat(header(1, "mdat"), u64(-5)),       // 64-bit size of 2^64 - 5: not a wrap-around
                concat(header(1, "mdat"), new byte[4]),   // the 64-bit size cut off by the end of the file
        };
        for (byte[] bad : smallerThanTheirHeader) {
            BoxReader boxes = reader(concat(box("ftyp", new byte[8]), bad, box("moov")));

            BoxReader.Children top = boxes.children(0, boxes.length());

            assertThat(types(top)).as(Arrays.toString(bad)).containsExactly("ftyp");
            assertThat(top.stray()).as(Arrays.toString(bad)).isPresent();
            assertThat(top.problem()).as(Arrays.toString(bad)).isPresent();
            channel.close();
        }
    }

    @Test
    void aLargeSizeCutOffIsSmallerThanItsHeader() throws IOException {
        BoxReader boxes = reader(concat(header(1, "mdat"), new byte[4]));

        Box mdat = boxes.header(0, boxes.length()).orElseThrow();

        assertThat(mdat.headerSize()).isEqualTo(16);
        assertThat(mdat.fitsIn(boxes.length())).isFalse();
        assertThat(boxes.children(0, boxes.length()).problem()).contains("a 'mdat' box is smaller than its header");
    }

    @Test
    void fewerThanEightBytesLeftAreNoBoxAndNoProblem() throws IOException {
        BoxReader boxes = reader(concat(box("ftyp", new byte[8]), new byte[7]));

        BoxReader.Children top = boxes.children(0, boxes.length());

        assertThat(types(top)).containsExactly("ftyp");
        assertThat(top.problem()).isEmpty();
        assertThat(boxes.header(16, boxes.length())).isEmpty();
    }

    @Test
    void aMillionTinyBoxesCostBoundedTime() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000_000; i++) {
            out.writeBytes(header(8, "free"));
        }
        out.writeBytes(box("moov"));
        BoxReader boxes = reader(out.toByteArray());

        BoxReader.Children top = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> boxes.children(0, boxes.length()));

        assertThat(top.boxes()).hasSize(BoxReader.MAX_BOXES);
        assertThat(top.first("moov")).isEmpty();
        assertThat(top.problem()).contains("it has more than " + BoxReader.MAX_BOXES + " boxes");
        assertThat(boxes.children(0, boxes.length()).boxes()).as("the budget is the reader's, not the level's")
                .isEmpty();
    }

    @Test
    void aBoxAfterAHugeSparseBoxIsReachedBySeeking() throws IOException {
        Path file = dir.resolve("sparse.mp4");
        long mdat = 3L << 30;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(concat(box("ftyp", new byte[8]), header(1, "mdat"), u64(mdat))));
            out.write(ByteBuffer.wrap(box("moov", box("mvhd", new byte[4]))), 16 + mdat);
        }
        channel = new NioFileOps().openChannel(file);
        BoxReader boxes = new BoxReader(channel);

        Box moov = boxes.children(0, boxes.length()).first("moov").orElseThrow();

        assertThat(moov.start()).isEqualTo(16 + mdat);
        assertThat(boxes.descend(moov, "mvhd")).map(Box::payloadSize).contains(4L);
    }

    @Test
    void descendsThroughTheFirstChildOfEachType() throws IOException {
        byte[] stbl = box("stbl", box("stco", new byte[8]));
        BoxReader boxes = reader(box("trak", box("mdia", box("hdlr"), box("minf", box("vmhd"), stbl))));
        Box trak = boxes.header(0, boxes.length()).orElseThrow();

        assertThat(boxes.descend(trak, "mdia", "minf", "stbl").map(Box::start)).contains(40L);
        assertThat(boxes.descend(trak, "mdia", "udta", "stbl")).isEmpty();
    }

    @Test
    void readsWhatIsInTheFileAtEveryPositionThroughItsWindow() throws IOException {
        byte[] bytes = new byte[5 * BoxReader.WINDOW + 77];
        Random random = new Random(11);
        random.nextBytes(bytes);
        BoxReader boxes = reader(bytes);

        for (int i = 0; i < 3000; i++) {
            int position = random.nextInt(bytes.length + 10);
            int count = random.nextInt(random.nextBoolean() ? 64 : 3 * BoxReader.WINDOW);
            ByteBuffer read = boxes.read(position, count);
            byte[] got = new byte[read.remaining()];
            read.get(got);
            int end = Math.min(bytes.length, position + count);
            assertThat(got).as("%d bytes at %d", count, position)
                    .isEqualTo(position >= bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, position, end));
        }
    }

    @Test
    void whatWasReadStaysWhenTheWindowMoves() throws IOException {
        byte[] bytes = new byte[3 * BoxReader.WINDOW];
        Arrays.fill(bytes, BoxReader.WINDOW * 2, bytes.length, (byte) 7);
        BoxReader boxes = reader(bytes);

        ByteBuffer first = boxes.read(0, 16);
        boxes.read(BoxReader.WINDOW * 2, 16);

        assertThat(first.get(0)).isZero();
    }

    @Test
    void seesOnlyTheLengthItWasGiven() throws IOException {
        // A file still being written: the check judges the length it took when it started.
        byte[] file = concat(box("ftyp", new byte[8]), box("moov", new byte[8]));
        channel = new NioFileOps().openChannel(Files.write(dir.resolve("growing.mp4"), file));
        BoxReader boxes = new BoxReader(channel, 24);

        assertThat(boxes.children(0, Long.MAX_VALUE).stray()).map(Box::type).contains("moov");
        assertThat(boxes.read(12, 100).remaining()).isEqualTo(12);
    }

    @Test
    void aFileCutShortWhileBeingReadIsAnErrorNotZeros() throws IOException {
        channel = new NioFileOps().openChannel(Files.write(dir.resolve("shrinks.bin"), box("mdat", new byte[100])));
        BoxReader boxes = new BoxReader(channel, 10_000);

        assertThatThrownBy(() -> boxes.readExactly(50, 100)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> boxes.header(108, 10_000)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> boxes.read(-1, 4)).isInstanceOf(IOException.class);
    }

    @Test
    void typesAreFourPrintableCharactersOrApplesCopyrightSign() {
        assertThat(new Box("\u00A9day", 0, 8, 8).hasPrintableType()).isTrue();
        assertThat(new Box("moov", 0, 8, 8).hasPrintableType()).isTrue();
        assertThat(new Box("\0\0\0\0", 0, 8, 8).hasPrintableType()).isFalse();
        assertThat(new Box("mo\u007Fv", 0, 8, 8).hasPrintableType()).isFalse();
        assertThat(new Box("\u00FFday", 0, 8, 8).hasPrintableType()).isFalse();
    }

    @Test
    void aNegativeSizeFromA32BitFieldIsUnsigned() throws IOException {
        BoxReader boxes = reader(concat(u32(0x8000_0010L), "mdat".getBytes(), new byte[8]));

        assertThat(boxes.header(0, boxes.length())).map(Box::size).contains(0x8000_0010L);
    }
}
