package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel that remembers the first I/O error its file system gave. Decoders wrap every error in
 * their own exceptions; this tells a read fault (a failing disk, a file vanishing) from a damaged picture,
 * which only ever shows up as unexpected bytes or an early end.
 */
final class FaultRecordingChannel implements SeekableByteChannel {
    private final SeekableByteChannel channel;
    private IOException fault;

    FaultRecordingChannel(SeekableByteChannel channel) {
        this.channel = channel;
    }

    /** The first I/O error of the underlying channel, or null. */
    IOException fault() {
        return fault;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public long position() throws IOException {
        try {
            return channel.position();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public FaultRecordingChannel position(long newPosition) throws IOException {
        try {
            channel.position(newPosition);
            return this;
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public long size() throws IOException {
        try {
            return channel.size();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private IOException remember(IOException e) {
        if (fault == null) {
            fault = e;
        }
        return e;
    }
}
