package org.photoorganizer.format;

import java.io.IOException;

/** PNG: the file ends with the IEND chunk (tolerating a little data after it, as some tools append). */
final class PngRule implements FormatRule {
    static final String FORMAT = "PNG";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    /** IEND's length (0), type and CRC: always these twelve bytes. */
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final int TAIL = 4096;

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, SIGNATURE);
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        byte[] tail = in.tail(TAIL);
        for (int at = tail.length - IEND.length; at >= 0; at--) {
            if (java.util.Arrays.equals(tail, at, at + IEND.length, IEND, 0, IEND.length)) {
                return Completeness.complete(FORMAT);
            }
        }
        return Completeness.incomplete(FORMAT, "no IEND chunk at the end");
    }
}
