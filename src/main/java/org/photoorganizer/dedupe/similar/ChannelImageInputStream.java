package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * ImageIO's input over a channel from {@link org.photoorganizer.fs.FileOps}, so decoders read through the same
 * seam as everything else (tests inject read faults there) and seek instead of caching what they skip. One
 * read buffer; the channel is left open for its owner to close.
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {
    private static final int BUFFER = 16 * 1024;

    private final SeekableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long bufferStart = -1;
    private final long length;

    ChannelImageInputStream(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!fill()) {
            return -1;
        }
        int value = buffer.get((int) (streamPos - bufferStart)) & 0xFF;
        streamPos++;
        return value;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        checkClosed();
        if (offset < 0 || count < 0 || offset + count > bytes.length) {
            throw new IndexOutOfBoundsException();
        }
        bitOffset = 0;
        if (count == 0) {
            return 0;
        }
        if (count >= BUFFER) {
            // Large reads go straight to the caller's array.
            if (streamPos >= length) {
                return -1;
            }
            channel.position(streamPos);
            int read = channel.read(ByteBuffer.wrap(bytes, offset, (int) Math.min(count, length - streamPos)));
            if (read > 0) {
                streamPos += read;
            }
            return read;
        }
        if (!fill()) {
            return -1;
        }
        int from = (int) (streamPos - bufferStart);
        int n = Math.min(count, buffer.limit() - from);
        buffer.get(from, bytes, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    /** Makes the buffer hold {@code streamPos}; false at the end of the file. */
    private boolean fill() throws IOException {
        if (bufferStart >= 0 && streamPos >= bufferStart && streamPos < bufferStart + buffer.limit()) {
            return true;
        }
        if (streamPos >= length) {
            return false;
        }
        buffer.clear();
        channel.position(streamPos);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        buffer.flip();
        bufferStart = streamPos;
        return buffer.limit() > 0;
    }
}
