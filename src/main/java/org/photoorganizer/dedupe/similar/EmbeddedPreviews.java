package org.photoorganizer.dedupe.similar;

import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads, from metadata-extractor's view of a file, where embedded JPEG previews lie and what the full image
 * looks like. Offsets stay relative to the TIFF header they were read from; the caller knows where that is.
 */
final class EmbeddedPreviews {

    private static final int TAG_JPEG_OFFSET = 0x0201;
    private static final int TAG_JPEG_LENGTH = 0x0202;
    private static final int COMPRESSION_OLD_JPEG = 6;
    private static final int COMPRESSION_JPEG = 7;

    /** One embedded JPEG stream, offset relative to its TIFF header. */
    record Preview(long offset, long length) {
    }

    private EmbeddedPreviews() {
    }

    /** Smallest first: a thumbnail is enough for the hash and cheapest to decode. */
    static List<Preview> candidates(Metadata metadata) {
        List<Preview> previews = new ArrayList<>();
        for (Directory directory : metadata.getDirectories()) {
            if (!(directory instanceof ExifDirectoryBase)) {
                continue;
            }
            Long offset = directory.getLongObject(TAG_JPEG_OFFSET);
            Long length = directory.getLongObject(TAG_JPEG_LENGTH);
            if (offset != null && length != null && offset > 0 && length > 0) {
                previews.add(new Preview(offset, length));
            }
            // Canon CR2 and some DNGs keep their preview as a single JPEG-compressed strip.
            Integer compression = directory.getInteger(ExifDirectoryBase.TAG_COMPRESSION);
            long[] strips = longs(directory, ExifDirectoryBase.TAG_STRIP_OFFSETS);
            long[] counts = longs(directory, ExifDirectoryBase.TAG_STRIP_BYTE_COUNTS);
            if (compression != null && (compression == COMPRESSION_OLD_JPEG || compression == COMPRESSION_JPEG)
                    && strips.length == 1 && counts.length == 1 && strips[0] > 0 && counts[0] > 0) {
                previews.add(new Preview(strips[0], counts[0]));
            }
        }
        previews.sort(Comparator.comparingLong(Preview::length));
        return previews;
    }

    /** Width and height of the full image: the EXIF pixel dimensions, else the largest IFD. */
    static int[] fullSize(Metadata metadata) {
        for (ExifSubIFDDirectory sub : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            Integer w = sub.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH);
            Integer h = sub.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT);
            if (w != null && h != null && w > 0 && h > 0) {
                return new int[] {w, h};
            }
        }
        int[] best = null;
        for (Directory directory : metadata.getDirectories()) {
            if (!(directory instanceof ExifDirectoryBase)) {
                continue;
            }
            Integer w = directory.getInteger(ExifDirectoryBase.TAG_IMAGE_WIDTH);
            Integer h = directory.getInteger(ExifDirectoryBase.TAG_IMAGE_HEIGHT);
            if (w != null && h != null && w > 0 && h > 0
                    && (best == null || (long) w * h > (long) best[0] * best[1])) {
                best = new int[] {w, h};
            }
        }
        return best;
    }

    /** Colour bits per pixel of the deepest image described; a one-sample raw mosaic becomes three colours. */
    static OptionalInt bitsPerPixel(Metadata metadata) {
        int best = 0;
        for (Directory directory : metadata.getDirectories()) {
            if (!(directory instanceof ExifDirectoryBase)) {
                continue;
            }
            long[] bits = longs(directory, ExifDirectoryBase.TAG_BITS_PER_SAMPLE);
            if (bits.length == 0 || bits[0] <= 0 || bits[0] > 32) {
                continue;
            }
            Integer samples = directory.getInteger(ExifDirectoryBase.TAG_SAMPLES_PER_PIXEL);
            int colours = samples == null || samples == 1 ? 3 : Math.min(samples, 3);
            best = Math.max(best, (int) bits[0] * colours);
        }
        return best == 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    static int orientation(Metadata metadata) {
        for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            Integer value = ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
            if (value != null) {
                return value;
            }
        }
        return 1;
    }

    private static long[] longs(Directory directory, int tag) {
        Object value = directory.getObject(tag);
        if (value instanceof int[] ints) {
            long[] out = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                out[i] = ints[i] & 0xFFFFFFFFL;
            }
            return out;
        }
        if (value instanceof long[] longs) {
            return longs;
        }
        if (value instanceof short[] shorts) {
            long[] out = new long[shorts.length];
            for (int i = 0; i < shorts.length; i++) {
                out[i] = shorts[i] & 0xFFFF;
            }
            return out;
        }
        if (value instanceof Number number) {
            return new long[] {number.longValue()};
        }
        return new long[0];
    }
}
