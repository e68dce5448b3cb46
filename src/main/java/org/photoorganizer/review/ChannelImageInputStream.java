package org.photoorganizer.review;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input stream straight over a {@link SeekableByteChannel} from {@code FileOps}: random access
 * without ImageIO's cache (which would copy the whole file to a temporary file or to memory).
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {
    private final SeekableByteChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelImageInputStream(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        one.clear();
        channel.position(streamPos);
        int n = channel.read(one);
        if (n <= 0) {
            return -1;
        }
        bitOffset = 0;
        streamPos++;
        return one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        channel.position(streamPos);
        int n = channel.read(ByteBuffer.wrap(bytes, offset, length));
        if (n <= 0) {
            return -1;
        }
        bitOffset = 0;
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        channel.close();
    }
}
