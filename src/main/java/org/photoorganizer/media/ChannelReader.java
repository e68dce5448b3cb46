package org.photoorganizer.media;

import com.drew.lang.RandomAccessReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * metadata-extractor's random access over a channel from {@link org.photoorganizer.fs.FileOps}, so metadata
 * is read through the same seam as everything else (tests inject read faults there) and a raw file's last
 * IFD is reached by seeking, not by buffering the file up to it. Reads go through one small page cache:
 * TIFF parsing asks for a few bytes at a time, mostly close together.
 *
 * <p>Not thread-safe; the caller closes the channel.
 */
public final class ChannelReader extends RandomAccessReader {
    private static final int PAGE = 4096;

    private final SeekableByteChannel channel;
    private final long length;
    private final byte[] page = new byte[PAGE];
    private long pageStart = -1;
    private int pageLength;

    public ChannelReader(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    @Override
    public int toUnshiftedOffset(int localOffset) {
        return localOffset;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public byte getByte(int index) throws IOException {
        validateIndex(index, 1);
        load(index);
        return page[(int) (index - pageStart)];
    }

    @Override
    public byte[] getBytes(int index, int count) throws IOException {
        validateIndex(index, count);
        byte[] bytes = new byte[count];
        if (count <= PAGE) {
            int done = 0;
            while (done < count) {
                load(index + done);
                int from = (int) (index + done - pageStart);
                int n = Math.min(count - done, pageLength - from);
                System.arraycopy(page, from, bytes, done, n);
                done += n;
            }
            return bytes;
        }
        readFully(ByteBuffer.wrap(bytes), index);
        return bytes;
    }

    @Override
    protected void validateIndex(int index, int bytesRequested) throws IOException {
        if (!isValidIndex(index, bytesRequested)) {
            if (index < 0) {
                throw new IOException("attempt to read from a negative offset " + index);
            }
            throw new EOFException("attempt to read " + bytesRequested + " bytes at " + index + " beyond the end ("
                    + length + " bytes)");
        }
    }

    @Override
    protected boolean isValidIndex(int index, int bytesRequested) {
        return bytesRequested >= 0 && index >= 0 && (long) index + bytesRequested <= length;
    }

    private void load(long index) throws IOException {
        if (pageStart >= 0 && index >= pageStart && index < pageStart + pageLength) {
            return;
        }
        long start = index - index % PAGE;
        ByteBuffer buffer = ByteBuffer.wrap(page, 0, (int) Math.min(PAGE, length - start));
        readFully(buffer, start);
        pageStart = start;
        pageLength = buffer.position();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                pageStart = -1;
                throw new EOFException("the file ended at " + channel.position() + " while reading it (" + length
                        + " bytes when opened): it changed while being read");
            }
        }
    }
}
