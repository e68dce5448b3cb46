package org.photoorganizer.date;

import com.drew.lang.ByteArrayReader;
import com.drew.lang.KeyValuePair;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.png.PngDirectory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EXIF that ImageMagick and GIMP store in a PNG as text: a {@code tEXt}/{@code zTXt}/{@code iTXt} chunk named
 * {@code Raw profile type exif} (or {@code ... APP1}) holding {@code "\nexif\n   LENGTH\n"} and the EXIF
 * block in hexadecimal. ExifTool reads it; metadata-extractor 2.19.0 only hands the text over, so it is
 * decoded here (found on the one real camera PNG of the build machine: a Sony phone photo saved by GIMP).
 */
final class PngRawProfiles {

    private static final int MAX_BYTES = IsoBmffMetadata.MAX_BLOCK;
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private PngRawProfiles() {}

    /** Adds the EXIF of a raw-profile text chunk to {@code metadata}, unless it already has EXIF. */
    static void addExif(Metadata metadata) {
        if (metadata.containsDirectoryOfType(ExifIFD0Directory.class)
                || metadata.containsDirectoryOfType(ExifSubIFDDirectory.class)) {
            return;
        }
        for (PngDirectory png : metadata.getDirectoriesOfType(PngDirectory.class)) {
            Object texts = png.getObject(PngDirectory.TAG_TEXTUAL_DATA);
            if (!(texts instanceof List<?> list)) {
                continue;
            }
            for (Object entry : list) {
                if (entry instanceof KeyValuePair pair && (pair.getKey().equalsIgnoreCase("Raw profile type exif")
                        || pair.getKey().equalsIgnoreCase("Raw profile type APP1"))) {
                    byte[] exif = decode(pair.getValue().toString(StandardCharsets.ISO_8859_1));
                    if (exif.length > 8) {
                        int tiff = startsWith(exif, EXIF_HEADER) ? EXIF_HEADER.length : 0;
                        new GuardedExifReader().extract(new ByteArrayReader(exif), metadata, tiff);
                        return;
                    }
                }
            }
        }
    }

    /** {@code "\nexif\n    6128\n4578..."}: a name line, a length line, then hex digits across lines. */
    static byte[] decode(String text) {
        String[] lines = text.stripLeading().split("\n", 3);
        if (lines.length < 3) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int high = -1;
        String hex = lines[2];
        for (int i = 0; i < hex.length() && out.size() < MAX_BYTES; i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                if (!Character.isWhitespace(hex.charAt(i))) {
                    break;
                }
                continue;
            }
            if (high < 0) {
                high = digit;
            } else {
                out.write(high << 4 | digit);
                high = -1;
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
