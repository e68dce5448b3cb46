package org.photoorganizer.date;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only channel that remembers the first I/O error of the channel underneath.
 *
 * <p>Metadata parsers turn every exception into "no metadata", and an {@link IOException} is also what
 * they throw for a truncated file. The extractor must tell the two apart: bad content means "try the next
 * source", while a read that failed (a disk or network error) means the date is unknown, and guessing one
 * from the file name or file time would file the photo under a wrong date.
 */
final class FaultRecordingChannel implements SeekableByteChannel {
    private final SeekableByteChannel channel;
    private IOException fault;

    FaultRecordingChannel(SeekableByteChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The first error the file system reported, if any. */
    Optional<IOException> fault() {
        return Optional.ofNullable(fault);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public long position() throws IOException {
        try {
            return channel.position();
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        try {
            channel.position(newPosition);
            return this;
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public long size() throws IOException {
        try {
            return channel.size();
        } catch (IOException e) {
            throw recorded(e);
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

    private IOException recorded(IOException e) {
        if (fault == null) {
            fault = e;
        }
        return e;
    }
}
