package org.photoorganizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fujifilm RAF: a fixed header whose directory gives offset and length of the embedded JPEG preview, the
 * CFA header and the raw CFA data; each must lie inside the file, and the preview must end with its
 * end-of-image marker.
 */
final class RafRule implements FormatRule {
    static final String FORMAT = "RAF";
    private static final int DIRECTORY = 84;

    @Override
    public boolean recognises(byte[] head) {
        return FormatRule.startsWith(head, 0, "FUJIFILMCCD-RAW");
    }

    @Override
    public Completeness check(StructureReader in) throws IOException {
        byte[] directory = in.read(DIRECTORY, 24);
        if (directory.length < 24) {
            return Completeness.incomplete(FORMAT, "the file ends inside its header");
        }
        ByteBuffer parts = ByteBuffer.wrap(directory).order(ByteOrder.BIG_ENDIAN);
        String[] names = {"the embedded preview", "the CFA header", "the raw data"};
        for (int part = 0; part < 3; part++) {
            long offset = parts.getInt(8 * part) & 0xFFFF_FFFFL;
            long length = parts.getInt(8 * part + 4) & 0xFFFF_FFFFL;
            if (offset > 0 && length > 0 && offset + length > in.length()) {
                return Completeness.incomplete(FORMAT, names[part] + " reaches byte " + (offset + length)
                        + ", after the end of the file (" + in.length() + " bytes)");
            }
        }
        long jpeg = parts.getInt(0) & 0xFFFF_FFFFL;
        long jpegLength = parts.getInt(4) & 0xFFFF_FFFFL;
        if (jpeg > 0 && jpegLength > 4) {
            Completeness preview = JpegRule.check(in, jpeg, jpeg + jpegLength);
            if (preview.isIncomplete()) {
                return Completeness.incomplete(FORMAT, "embedded preview: " + preview.reason());
            }
        }
        return Completeness.complete(FORMAT);
    }
}
