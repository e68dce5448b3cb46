package org.photoorganizer.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.lang.RandomAccessFileReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.NioFileOps;

class ChannelReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatMetadataExtractorsOwnFileReaderReadsAtEveryOffsetAndLength() throws IOException {
        byte[] bytes = new byte[3 * 4096 + 123];
        Random random = new Random(7);
        random.nextBytes(bytes);
        Path file = Files.write(dir.resolve("data.bin"), bytes);
        try (SeekableByteChannel channel = new NioFileOps().openChannel(file);
             RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            ChannelReader ours = new ChannelReader(channel);
            RandomAccessFileReader theirs = new RandomAccessFileReader(raf);
            assertThat(ours.getLength()).isEqualTo(bytes.length);
            for (int i = 0; i < 2000; i++) {
                int index = random.nextInt(bytes.length);
                int count = random.nextInt(Math.min(9000, bytes.length - index) + 1);
                boolean motorola = random.nextBoolean();
                ours.setMotorolaByteOrder(motorola);
                theirs.setMotorolaByteOrder(motorola);
                assertThat(ours.getBytes(index, count)).isEqualTo(theirs.getBytes(index, count));
                if (index + 4 <= bytes.length) {
                    assertThat(ours.getUInt32(index)).isEqualTo(theirs.getUInt32(index));
                }
            }
        }
    }

    @Test
    void refusesReadsBeyondTheEndOrBeforeTheStart() throws IOException {
        Path file = Files.write(dir.resolve("small.bin"), new byte[] {1, 2, 3});
        try (SeekableByteChannel channel = new NioFileOps().openChannel(file)) {
            ChannelReader reader = new ChannelReader(channel);
            assertThat(reader.getByte(2)).isEqualTo((byte) 3);
            assertThatThrownBy(() -> reader.getBytes(1, 3)).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> reader.getByte(-1)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aFileCutShortWhileBeingReadIsAnErrorNotZeros() throws IOException {
        Path file = Files.write(dir.resolve("shrinks.bin"), new byte[10_000]);
        try (SeekableByteChannel channel = new NioFileOps().openChannel(file)) {
            ChannelReader reader = new ChannelReader(channel);
            Files.write(file, new byte[100]);
            assertThatThrownBy(() -> reader.getByte(9_000)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("changed while being read");
        }
    }
}
