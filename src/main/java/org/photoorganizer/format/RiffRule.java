package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RIFF files (WebP, AVI): each top-level {@code RIFF} chunk's size must fit in the file. An AVI over 1 GB
 * is several RIFF chunks one after the other ({@code AVI }, then {@code AVIX}); all are walked.
 */
final class RiffRule implements FormatRule {
    static final String FORMAT = "RIFF (WebP/AVI)";
    private static final int MAX_CHUNKS = 100_000;

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, "RIFF") && head.length >= 12;
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        long length = in.length();
        long position = 0;
        for (int chunks = 0; chunks < MAX_CHUNKS && position < length; chunks++) {
            byte[] header = in.read(position, 8);
            if (header.length < 8) {
                return Completeness.incomplete(FORMAT, "the file ends inside a chunk header");
            }
            if (!FormatRule.startsWith(header, 0, "RIFF")) {
                // Padding after the last chunk (some cameras round the file up): nothing is missing.
                return Completeness.complete(FORMAT);
            }
            long size = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFF_FFFFL;
            if (size == 0 || size == 0xFFFF_FFFFL) {
                // A streaming writer's placeholder: the size says nothing.
                return Completeness.noRule();
            }
            if (size > length - position - 8) {
                return Completeness.incomplete(FORMAT, "the RIFF chunk is cut off (" + (length - position - 8)
                        + " of " + size + " bytes)");
            }
            position += 8 + size + (size & 1);
        }
        return Completeness.complete(FORMAT);
    }
}
