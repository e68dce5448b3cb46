package org.photoorganizer.format;

import java.io.IOException;

/**
 * GIF: the file ends with the trailer byte {@code 3B} after a block terminator {@code 00}. Walking every
 * data sub-block would read the whole file; the two-byte ending is wrong by chance once in 65,536 cuts.
 */
final class GifRule implements FormatRule {
    static final String FORMAT = "GIF";

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, "GIF87a") || FormatRule.startsWith(head, 0, "GIF89a");
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        byte[] tail = in.tail(2);
        if (in.length() > 14 && tail.length == 2 && tail[0] == 0 && tail[1] == 0x3B) {
            return Completeness.complete(FORMAT);
        }
        return Completeness.incomplete(FORMAT, "no GIF trailer at the end");
    }
}
