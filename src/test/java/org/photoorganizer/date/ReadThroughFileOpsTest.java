package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Mp4s;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.ForwardingReadChannel;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * The extractor reads only through {@link FileOps}, so a read fault injected there reaches it; and a failed
 * read gives no date at all (the caller leaves the file in place), never a date guessed from a weaker source.
 */
class ReadThroughFileOpsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDateTime ORIGINAL = LocalDateTime.of(2024, 1, 2, 12, 34, 56);

    @TempDir Path dir;

    /** Counts what is opened, and from the {@code failAfter}th byte read on, fails as a disk error would. */
    static final class FaultyReads extends ForwardingFileOps {
        final List<Path> opened = new ArrayList<>();
        final long failAfter;
        final IOException fault;

        FaultyReads(long failAfter, IOException fault) {
            super(new NioFileOps());
            this.failAfter = failAfter;
            this.fault = fault;
        }

        @Override
        public java.io.InputStream openRead(Path file) throws IOException {
            throw new AssertionError("the extractor reads at random positions, through openChannel");
        }

        @Override
        public SeekableByteChannel openChannel(Path file) throws IOException {
            opened.add(file);
            SeekableByteChannel real = super.openChannel(file);
            return new ForwardingReadChannel(real) {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (position() + dst.remaining() > failAfter) {
                        throw fault;
                    }
                    return super.read(dst);
                }
            };
        }
    }

    MetadataCaptureDateExtractor extractor(FileOps files) {
        return new MetadataCaptureDateExtractor(Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), BERLIN), files);
    }

    Path photo(String name) {
        Path file = Jpegs.builder().size(200, 150).dateTimeOriginal(ORIGINAL).thumbnail(true)
                .writeTo(dir.resolve(name));
        return FileTimes.setModified(file, LocalDateTime.of(2021, 3, 3, 3, 3, 3), BERLIN);
    }

    @Test
    void readsGoThroughTheSeam() {
        Path file = photo("a.jpg");
        FaultyReads files = new FaultyReads(Long.MAX_VALUE, new IOException("unused"));

        assertThat(extractor(files).extract(file, MediaKind.IMAGE)).map(CaptureDate::dateTime).contains(ORIGINAL);
        assertThat(files.opened).containsExactly(file);
    }

    @Test
    void aFailingReadOfAPhotoIsAnErrorNotAFileNameOrFileTimeDate() {
        // The name and the file time would both give a date: neither may be used when the read failed.
        Path file = photo("IMG_20200101_101010.jpg");
        FaultyReads files = new FaultyReads(100, new IOException("Input/output error"));

        assertThatThrownBy(() -> extractor(files).extract(file, MediaKind.IMAGE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Input/output error");
        assertThat(files.opened).containsExactly(file);
    }

    @Test
    void aFaultAfterTheDateWasReadStillFails() throws IOException {
        // metadata-extractor would report the EXIF it read before the fault: it is not trusted.
        Path file = photo("a.jpg");
        long size = Files.size(file);
        FaultyReads files = new FaultyReads(size - 10, new IOException("Input/output error"));

        assertThatThrownBy(() -> extractor(files).extract(file, MediaKind.IMAGE))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aFailingReadOfAVideoIsAnError() {
        Path file = Mp4s.builder().moovAtEnd(true).mdatSize(50_000).mvhdCreation(Instant.parse("2024-07-01T10:00:00Z"))
                .writeTo(dir.resolve("VID_20200101_101010.mp4"));
        FaultyReads files = new FaultyReads(40_000, new IOException("Input/output error"));

        assertThatThrownBy(() -> extractor(files).extract(file, MediaKind.VIDEO))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void openRefusedIsAnError() {
        Path file = photo("a.jpg");
        FileOps denied = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path f) throws IOException {
                throw new java.nio.file.AccessDeniedException(f.toString());
            }
        };

        assertThatThrownBy(() -> extractor(denied).extract(file, MediaKind.IMAGE))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aRawsIfdAtTheEndIsReachedBySeekingNotByReadingTheFile() throws IOException {
        // A TIFF-based raw of 300 MB (sparse) whose only IFD lies at the end, as some cameras write them.
        Path raw = dir.resolve("DSC_0001.NEF");
        long ifd = 300L * 1024 * 1024;
        ByteBuffer header = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifd).flip();
        byte[] date = "2019:04:05 06:07:08\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer entries = ByteBuffer.allocate(2 + 12 + 4 + date.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        entries.putShort((short) 1).putShort((short) 0x9003).putShort((short) 2).putInt(date.length)
                .putInt((int) ifd + 18).putInt(0).put(date).flip();
        try (var out = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            out.write(header, 0);
            out.write(entries, ifd);
        }
        long[] bytesRead = {0};
        FileOps counting = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                return new ForwardingReadChannel(super.openChannel(file)) {
                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        int n = super.read(dst);
                        bytesRead[0] += Math.max(n, 0);
                        return n;
                    }
                };
            }
        };

        assertThat(extractor(counting).extract(raw, MediaKind.IMAGE)).map(CaptureDate::dateTime)
                .contains(LocalDateTime.of(2019, 4, 5, 6, 7, 8));
        assertThat(bytesRead[0]).as("bytes read of a 300 MB raw, through FileOps").isBetween(1L, 64L * 1024);
    }

    @Test
    void badContentIsNoFaultAndFallsThroughToTheName() throws IOException {
        // Truncated content ends the parse with an EOF from the parser, not from the disk.
        Path file = dir.resolve("IMG_20200101_101010.jpg");
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(photo("whole.jpg")), 40));

        assertThat(extractor(new FaultyReads(Long.MAX_VALUE, new IOException("unused"))).extract(file, MediaKind.IMAGE))
                .map(CaptureDate::source).contains(CaptureDate.Source.FILE_NAME);
    }

}
