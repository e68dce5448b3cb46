package org.photoorganizer.media.isobmff;

/**
 * One box of an ISO base media file (ISO/IEC 14496-12 4.2): where it starts, its header's length (8, or 16
 * with a 64-bit size) and its whole size, as declared (a size of 0, "up to the end", already resolved). A
 * declared size is not trusted: {@link #fitsIn} says whether the box lies where its parent can hold it.
 */
public record Box(String type, long start, int headerSize, long size) {

    public long payloadStart() {
        return start + headerSize;
    }

    public long payloadSize() {
        return size - headerSize;
    }

    /** Meaningful only for a box that {@link #fitsIn} its parent. */
    public long end() {
        return start + size;
    }

    /** True when the box is at least its header and ends by {@code parentEnd}. */
    public boolean fitsIn(long parentEnd) {
        return size >= headerSize && size <= parentEnd - start;
    }

    /** Box types are four printable characters (Apple's use '©', Latin-1 0xA9); anything else is not a box. */
    public boolean hasPrintableType() {
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < 0x20 || c == 0x7F || (c > 0x7F && c != 0xA9)) {
                return false;
            }
        }
        return true;
    }
}
