package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** BMP: the file size and the pixel-data offset the header states must fit in the file. */
final class BmpRule implements FormatRule {
    static final String FORMAT = "BMP";

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, "BM") && head.length >= 14;
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(in.read(0, 14)).order(ByteOrder.LITTLE_ENDIAN);
        long size = header.getInt(2) & 0xFFFF_FFFFL;
        long pixels = header.getInt(10) & 0xFFFF_FFFFL;
        if (size < 26 || pixels < 26 || pixels > size) {
            // Many writers leave the size 0: nothing to go by.
            return Completeness.noRule();
        }
        if (size > in.length()) {
            return Completeness.incomplete(FORMAT, "the header says " + size + " bytes, the file has " + in.length());
        }
        return Completeness.complete(FORMAT);
    }
}
