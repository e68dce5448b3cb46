package org.photoorganizer.date;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.photoorganizer.media.isobmff.Box;
import org.photoorganizer.media.isobmff.BoxReader;
import org.photoorganizer.media.isobmff.HeifMeta;

/**
 * The EXIF and XMP blocks of HEIF/HEIC/AVIF images and of JPEG XL files (ISO base media file format).
 *
 * <p>By hand because metadata-extractor 2.19.0 cannot: it does not recognise AVIF or JPEG XL at all, it
 * reads no XMP item of a HEIF file, and it reads the Exif item with the plain EXIF reader, so a broken
 * maker note loses the whole file (see {@link GuardedExifReader}, which reads the blocks found here).
 *
 * <ul>
 *   <li>HEIF/AVIF: the items {@link HeifMeta} finds, of type {@code Exif}, or {@code mime} with content type
 *       {@code application/rdf+xml} for XMP. What a damaged file still locates is used.
 *   <li>JPEG XL container: top-level {@code Exif} and {@code xml } boxes. A bare JPEG XL codestream has no
 *       metadata; Brotli-compressed boxes ({@code brob}, as cjxl 0.7 writes when it recompresses a JPEG)
 *       are not decoded (that would take a Brotli decoder; ExifTool needs one too).
 * </ul>
 */
final class IsoBmffMetadata {

    /** The raw blocks: {@code exif} starts with the 4-byte offset to the TIFF header, as both formats store it. */
    record Blocks(Optional<byte[]> exif, Optional<byte[]> xmp) {}

    static final int MAX_BLOCK = 4 * 1024 * 1024;
    private static final byte[] JXL_SIGNATURE = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};

    private IsoBmffMetadata() {}

    /** True for a JPEG XL file in the ISO BMFF container (the only JPEG XL form that carries metadata). */
    static boolean isJxlContainer(byte[] head) {
        if (head.length < JXL_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < JXL_SIGNATURE.length; i++) {
            if (head[i] != JXL_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    static Blocks readJxl(SeekableByteChannel channel) throws IOException {
        BoxReader boxes = new BoxReader(channel);
        BoxReader.Children top = boxes.children(0, boxes.length());
        return new Blocks(payload(boxes, top.first("Exif")), payload(boxes, top.first("xml ")));
    }

    /** True for an image file of the HEIF family (HEIC, HEIF, AVIF), judged by the brands of its {@code ftyp}. */
    static boolean isHeifFamily(SeekableByteChannel channel) throws IOException {
        return HeifMeta.format(new BoxReader(channel)).isPresent();
    }

    static Blocks readHeif(SeekableByteChannel channel) throws IOException {
        HeifMeta meta = HeifMeta.read(new BoxReader(channel));
        return new Blocks(meta.firstBytes(item -> item.type().equals("Exif"), MAX_BLOCK),
                meta.firstBytes(item -> item.type().equals("mime")
                        && item.contentType().strip().equalsIgnoreCase("application/rdf+xml"), MAX_BLOCK));
    }

    private static Optional<byte[]> payload(BoxReader boxes, Optional<Box> box) throws IOException {
        return box.isEmpty() ? Optional.empty() : Optional.of(boxes.payload(box.get(), MAX_BLOCK).array());
    }
}
