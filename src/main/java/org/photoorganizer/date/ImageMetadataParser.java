package org.photoorganizer.date;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.xmp.XmpReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import org.photoorganizer.media.ChannelReader;
import org.photoorganizer.media.isobmff.HeifMeta;

/**
 * Reads the metadata of an image (EXIF and XMP are what the date sources use) from an open channel,
 * choosing the reader by the file's first bytes, not its name.
 *
 * <ul>
 *   <li>JPEG: only the EXIF (guarded, see {@link GuardedExifReader}) and XMP segments are parsed.
 *   <li>TIFF and TIFF-based raws (DNG, NEF, CR2, ARW, ORF, RW2 ...): read at random positions through
 *       {@link ChannelReader}, so an IFD at the end of a 50 MB raw is reached by seeking.
 *   <li>HEIF, HEIC, AVIF and JPEG XL: blocks found by {@link IsoBmffMetadata}, parsed here.
 *   <li>Anything else (PNG {@code eXIf} and {@code iTXt} XMP, WebP {@code EXIF}/{@code XMP } chunks, GIF,
 *       RAF ...): metadata-extractor's own readers, over a stream of the same channel; for a PNG also the
 *       EXIF ImageMagick and GIMP write as hexadecimal text ({@link PngRawProfiles}).
 * </ul>
 */
final class ImageMetadataParser {

    private static final int HEAD = 64;

    Metadata parse(SeekableByteChannel channel)
            throws IOException, ImageProcessingException {
        byte[] head = head(channel);
        Metadata metadata = new Metadata();
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            try {
                JpegMetadataReader.process(metadata, stream(channel), List.of(new GuardedExifReader(), new XmpReader()));
            } catch (JpegProcessingException e) {
                // A JPEG cut short after its APP segments still has its EXIF: keep what was read.
                addError(metadata, e);
            }
        } else if (isTiff(head)) {
            GuardedExifReader.Handler handler = new GuardedExifReader.Handler(metadata, null, 0);
            try {
                new TiffReader().processTiff(new ChannelReader(channel), handler, 0);
            } catch (TiffProcessingException | IOException | RuntimeException e) {
                // What was read before the damage stays in the metadata.
                handler.error("Exception processing TIFF data: " + e);
            }
        } else if (IsoBmffMetadata.isHeifFamily(channel)) {
            add(metadata, IsoBmffMetadata.readHeif(channel));
        } else if (IsoBmffMetadata.isJxlContainer(head)) {
            add(metadata, IsoBmffMetadata.readJxl(channel));
        } else {
            metadata = ImageMetadataReader.readMetadata(stream(channel));
            if (head.length >= 4 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                PngRawProfiles.addExif(metadata);
            }
        }
        return metadata;
    }

    private static void add(Metadata metadata, IsoBmffMetadata.Blocks blocks) {
        blocks.exif().ifPresent(exif -> {
            // Both formats put a 4-byte offset to the TIFF header first, which some phones count wrongly.
            int tiff = HeifMeta.tiffHeaderAt(exif);
            if (tiff >= 0) {
                new GuardedExifReader().extract(new ByteArrayReader(exif), metadata, tiff);
            }
        });
        blocks.xmp().ifPresent(xmp -> new XmpReader().extract(xmp, metadata));
    }

    private static boolean isTiff(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        // II or MM, then 42 (TIFF), 0x4F52/0x5352 (Olympus ORF), or 0x55 (Panasonic RW2).
        boolean intel = head[0] == 'I' && head[1] == 'I';
        boolean motorola = head[0] == 'M' && head[1] == 'M';
        if (!intel && !motorola) {
            return false;
        }
        int marker = intel ? (head[2] & 0xFF) | (head[3] & 0xFF) << 8 : (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
        return marker == 0x2A || marker == 0x4F52 || marker == 0x5352 || marker == 0x55;
    }

    private static void addError(Metadata metadata, Exception e) {
        if (metadata.getDirectoryCount() == 0) {
            return;
        }
        metadata.getDirectories().iterator().next().addError(e.toString());
    }

    private static byte[] head(SeekableByteChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEAD);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // fill
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static InputStream stream(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        // Not closed here: closing would close the channel, which its opener closes.
        return new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
    }
}
