package org.photoorganizer.date;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.metadata.Metadata;
import com.drew.metadata.xmp.XmpDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * XMP dates: {@code exif:DateTimeOriginal}, then {@code photoshop:DateCreated}, then {@code xmp:CreateDate},
 * from whichever container carried the packet (JPEG APP1, TIFF, PNG {@code iTXt}, WebP {@code XMP },
 * HEIF/AVIF {@code mime} item, JPEG XL {@code xml } box). Used when the EXIF block is missing, as after
 * some editors, in files converted from formats without EXIF, and in files only tagged by a cataloguer.
 */
final class XmpDateSource implements DateSource {

    private record Property(String namespace, String name) {}

    private static final List<Property> STRONGEST_FIRST = List.of(
            new Property(XMPConst.NS_EXIF, "DateTimeOriginal"),
            new Property(XMPConst.NS_PHOTOSHOP, "DateCreated"),
            new Property(XMPConst.NS_XMP, "CreateDate"));

    @Override
    public List<CaptureDate> candidates(InspectedFile file) {
        Optional<Metadata> metadata = file.imageMetadata();
        if (metadata.isEmpty()) {
            return List.of();
        }
        List<CaptureDate> found = new ArrayList<>();
        for (Property property : STRONGEST_FIRST) {
            for (XmpDirectory dir : metadata.get().getDirectoriesOfType(XmpDirectory.class)) {
                XMPMeta xmp = dir.getXMPMeta();
                if (xmp != null) {
                    read(xmp, property).flatMap(IsoDateText::parse).ifPresent(parsed -> found.add(new CaptureDate(
                            parsed.dateTime(), parsed.subsecond(), parsed.offset(), CaptureDate.Source.XMP)));
                }
            }
        }
        return found;
    }

    private static Optional<String> read(XMPMeta xmp, Property property) {
        try {
            return Optional.ofNullable(xmp.getPropertyString(property.namespace(), property.name()));
        } catch (XMPException e) {
            return Optional.empty();
        }
    }
}
