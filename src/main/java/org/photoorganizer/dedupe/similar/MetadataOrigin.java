package org.photoorganizer.dedupe.similar;

import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import org.photoorganizer.dedupe.ImageOrigin;

/** The {@link ImageOrigin} of a file, from the EXIF metadata-extractor already read for its previews. */
final class MetadataOrigin {

    private MetadataOrigin() {
    }

    /**
     * @param width  the picture's own width as its header says, or 0 when unknown (then it cannot be told
     *               whether the picture was resampled)
     */
    static ImageOrigin of(Metadata metadata, String format, int width, int height) {
        if (metadata == null) {
            return new ImageOrigin(format, "", "", "", false, false, false);
        }
        String make = first(metadata, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MAKE);
        String model = first(metadata, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MODEL);
        String software = first(metadata, ExifIFD0Directory.class, ExifDirectoryBase.TAG_SOFTWARE);
        boolean originalDate = !first(metadata, ExifSubIFDDirectory.class, ExifDirectoryBase.TAG_DATETIME_ORIGINAL)
                .isEmpty();
        return new ImageOrigin(format, make, model, software, originalDate, resampled(metadata, width, height),
                false);
    }

    /** EXIF PixelXDimension/PixelYDimension name another size than the picture has (either way round). */
    private static boolean resampled(Metadata metadata, int width, int height) {
        if (width <= 0 || height <= 0) {
            return false;
        }
        for (ExifSubIFDDirectory sub : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            Integer w = sub.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH);
            Integer h = sub.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT);
            if (w != null && h != null && w > 0 && h > 0) {
                boolean same = (w == width && h == height) || (w == height && h == width);
                return !same;
            }
        }
        return false;
    }

    private static String first(Metadata metadata, Class<? extends Directory> type, int tag) {
        for (Directory directory : metadata.getDirectoriesOfType(type)) {
            String value = directory.getString(tag);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
