package org.photoorganizer.format;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import org.photoorganizer.media.isobmff.BoxReader;

/**
 * Reads small pieces of a file at given positions: headers, box and IFD entries, the tail. The length is
 * taken once, when the check starts, so a rule judges one consistent state of a file still being written.
 */
final class StructureReader {
    private final SeekableByteChannel channel;
    private final long length;

    StructureReader(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    long length() {
        return length;
    }

    /** Up to {@code count} bytes from {@code position}: fewer when the file ends first. */
    byte[] read(long position, int count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IOException("negative read at " + position);
        }
        int available = (int) Math.max(0, Math.min(count, length - position));
        ByteBuffer buffer = ByteBuffer.allocate(available);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                // Shrunk under us (truncated and rewritten): judge what was read; the caller sees the short array.
                break;
            }
        }
        byte[] bytes = buffer.array();
        return buffer.position() == available ? bytes : java.util.Arrays.copyOf(bytes, buffer.position());
    }

    /** Exactly {@code count} bytes from {@code position}, or EOFException when the file ends first. */
    ByteBuffer readExactly(long position, int count, ByteOrder order) throws IOException {
        byte[] bytes = read(position, count);
        if (bytes.length < count) {
            throw new EOFException("the file ends at " + (position + bytes.length) + " inside " + count
                    + " bytes read at " + position);
        }
        return ByteBuffer.wrap(bytes).order(order);
    }

    /** A reader of the file's ISO base media boxes, over the same channel and the same length. */
    BoxReader boxes() {
        return new BoxReader(channel, length);
    }

    /** The last {@code count} bytes (all of them for a shorter file). */
    byte[] tail(int count) throws IOException {
        long from = Math.max(0, length - count);
        return read(from, (int) (length - from));
    }
}
