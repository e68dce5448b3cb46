package org.photoorganizer.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * A read-only channel that remembers the first I/O error of the channel underneath.
 *
 * <p>Metadata parsers turn every exception into "no metadata", and an {@link IOException} is also what
 * they throw for a truncated file. The extractor must tell the two apart: bad content means "try the next
 * source", while a read that failed (a disk or network error) means the date is unknown, and guessing one
 * from the file name or file time would file the photo under a wrong date; a fingerprinter that took a
 * failed read for a damaged picture would say so of a sound photo.
 */
public final class FaultRecordingChannel extends ForwardingReadChannel {
    private IOException fault;

    public FaultRecordingChannel(SeekableByteChannel channel) {
        super(channel);
    }

    /** The first error the file system reported, if any. */
    public Optional<IOException> fault() {
        return Optional.ofNullable(fault);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return super.read(dst);
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public long position() throws IOException {
        try {
            return super.position();
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        try {
            return super.position(newPosition);
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    @Override
    public long size() throws IOException {
        try {
            return super.size();
        } catch (IOException e) {
            throw recorded(e);
        }
    }

    private IOException recorded(IOException e) {
        if (fault == null) {
            fault = e;
        }
        return e;
    }
}
