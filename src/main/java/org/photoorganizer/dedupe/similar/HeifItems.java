package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.photoorganizer.media.isobmff.BoxReader;
import org.photoorganizer.media.isobmff.HeifMeta;

/**
 * The few items of a HEIF file (HEIC, AVIF) that lead to a picture the service can decode: the Exif item, whose
 * TIFF block may carry a JPEG thumbnail, and any JPEG-coded item (a {@code thmb} thumbnail or a JPEG primary
 * image); plus the primary image's size from its {@code ispe} property. Read by {@link HeifMeta}; a file whose
 * boxes or items are not all where they should be is refused ({@link Broken}): its pixels give no evidence.
 */
final class HeifItems {

    static final int MAX_ITEM_BYTES = 16 << 20;

    /** A HEIF file's structure is broken: boxes run past their parent or past the end of the file. */
    static final class Broken extends IOException {
        Broken(String message) {
            super(message);
        }
    }

    private final String format;
    private final HeifMeta meta;
    private final HeifMeta.Size size;
    private final byte[] exifTiff;
    private final List<Integer> jpegItems;

    private HeifItems(String format, HeifMeta meta, HeifMeta.Size size, byte[] exifTiff, List<Integer> jpegItems) {
        this.format = format;
        this.meta = meta;
        this.size = size;
        this.exifTiff = exifTiff;
        this.jpegItems = jpegItems;
    }

    /** "HEIC", "AVIF" or "HEIF", from the file type box's brands. */
    String format() {
        return format;
    }

    /** Width of the primary image ({@code ispe}), 0 when the file does not say. */
    int width() {
        return size.width();
    }

    int height() {
        return size.height();
    }

    /** The Exif item from its TIFF header on, or null when there is none. */
    byte[] exifTiff() {
        return exifTiff;
    }

    /** How many JPEG-coded items (thumbnails, or a JPEG primary image) the file has. */
    int jpegItemCount() {
        return jpegItems.size();
    }

    /** The bytes of the i-th JPEG-coded item, read now from the channel given to {@link #read}. */
    byte[] jpegItem(int i) throws IOException {
        int item = jpegItems.get(i);
        return meta.bytes(item, MAX_ITEM_BYTES).orElseThrow(() -> new IOException("item " + item + " is "
                + meta.location(item).map(HeifMeta.Location::length).orElse(0L) + " bytes"));
    }

    /**
     * Empty when the file is not HEIF (its first box is no {@code ftyp} naming a HEIF brand).
     *
     * @throws Broken when it is HEIF but its boxes are broken or cut short
     */
    static Optional<HeifItems> read(SeekableByteChannel channel) throws IOException {
        BoxReader boxes = new BoxReader(channel);
        Optional<String> format = HeifMeta.format(boxes);
        if (format.isEmpty()) {
            return Optional.empty();
        }
        HeifMeta meta = HeifMeta.read(boxes);
        if (meta.problem().isPresent()) {
            throw new Broken(meta.problem().get());
        }
        int primary = meta.primary().orElseThrow(() -> new Broken("it names no primary image"));
        OptionalInt outside = meta.itemOutside();
        if (outside.isPresent()) {
            throw new Broken("item " + outside.getAsInt() + " lies past the end of the file");
        }
        byte[] exifTiff = null;
        for (HeifMeta.Item item : meta.items()) {
            if (exifTiff == null && item.type().equals("Exif")) {
                exifTiff = meta.bytes(item.id(), MAX_ITEM_BYTES).map(HeifItems::tiffOf).orElse(null);
            }
        }
        List<Integer> jpegs = meta.items().stream()
                .filter(item -> item.type().equals("jpeg") && (item.id() == primary
                        || meta.isThumbnailOf(item.id(), primary)))
                .map(HeifMeta.Item::id)
                .filter(id -> meta.location(id).filter(location -> location.constructionMethod() <= 1).isPresent())
                .toList();
        return Optional.of(new HeifItems(format.get(), meta, meta.size(primary).orElse(new HeifMeta.Size(0, 0)),
                exifTiff, jpegs));
    }

    private static byte[] tiffOf(byte[] exifItem) {
        int at = HeifMeta.tiffHeaderAt(exifItem);
        return at < 0 ? null : Arrays.copyOfRange(exifItem, at, exifItem.length);
    }
}
