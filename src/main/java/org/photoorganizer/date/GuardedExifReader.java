package org.photoorganizer.date;

import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.RandomAccessReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifTiffHandler;
import java.io.IOException;
import java.util.Set;

/**
 * metadata-extractor's EXIF reader, except that a failure inside one tag (in practice a maker note: Apple's
 * run-time plist, vendor binary blocks) costs that tag, not the file.
 *
 * <p>The library records most damage as directory errors, but some maker-note parsers throw a
 * {@link RuntimeException} (a malformed Apple run-time plist throws NullPointerException or
 * ArrayIndexOutOfBoundsException), which escapes {@code ImageMetadataReader} and loses every EXIF date
 * of the file although DateTimeOriginal was read long before. Here the failure becomes an error on the
 * directory being read, the directories the failed tag had opened are closed again, and the IFD goes on.
 */
final class GuardedExifReader extends ExifReader {

    @Override
    public void extract(RandomAccessReader reader, Metadata metadata, int readerOffset) {
        extract(reader, metadata, readerOffset, null);
    }

    @Override
    public void extract(RandomAccessReader reader, Metadata metadata, int readerOffset, Directory parentDirectory) {
        Handler handler = new Handler(metadata, parentDirectory, readerOffset);
        try {
            new TiffReader().processTiff(reader, handler, readerOffset);
        } catch (TiffProcessingException | IOException | RuntimeException e) {
            // What was read before the damage stays in the metadata.
            handler.error("Exception processing TIFF data: " + e);
        }
    }

    /** The library's EXIF handler with each custom-processed tag (maker notes and the like) fenced in. */
    static final class Handler extends ExifTiffHandler {
        /** More nesting than any maker note has; only bounds the clean-up loop. */
        private static final int MAX_DEPTH = 64;

        Handler(Metadata metadata, Directory parentDirectory, int exifStartOffset) {
            super(metadata, parentDirectory, exifStartOffset);
        }

        @Override
        public boolean customProcessTag(int tagOffset, Set<Integer> processedIfdOffsets, int tiffHeaderOffset,
                                        RandomAccessReader reader, int tagId, int byteCount) throws IOException {
            Directory before = _currentDirectory;
            try {
                return super.customProcessTag(tagOffset, processedIfdOffsets, tiffHeaderOffset, reader, tagId,
                        byteCount);
            } catch (RuntimeException | StackOverflowError e) {
                // Close what the failed tag opened, so the tags after it land in their own directory again.
                for (int i = 0; i < MAX_DEPTH && _currentDirectory != before && _currentDirectory != null; i++) {
                    endingIFD();
                }
                error(String.format("Tag 0x%04X could not be read and was skipped: %s", tagId, e));
                return true;
            }
        }
    }
}
