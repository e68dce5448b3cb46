package org.photoorganizer.date;

import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * EXIF dates: DateTimeOriginal, then DateTimeDigitized, then IFD0 DateTime, each with its own
 * SubSecTime* and OffsetTime* companion tags.
 *
 * <p>The tags are looked up in the Exif sub-IFD first and IFD0 second, because TIFF/EP raws (NEF, some
 * DNG) keep DateTimeOriginal in IFD0; the thumbnail IFD1 is never used (editors leave stale dates there).
 */
final class ExifDateSource implements DateSource {

    /** Which tags belong together for one date. */
    private record Tags(int dateTime, int subsecond, int offset, CaptureDate.Source source) {}

    private static final List<Tags> STRONGEST_FIRST = List.of(
            new Tags(ExifDirectoryBase.TAG_DATETIME_ORIGINAL, ExifDirectoryBase.TAG_SUBSECOND_TIME_ORIGINAL,
                    ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL, CaptureDate.Source.EXIF_ORIGINAL),
            new Tags(ExifDirectoryBase.TAG_DATETIME_DIGITIZED, ExifDirectoryBase.TAG_SUBSECOND_TIME_DIGITIZED,
                    ExifDirectoryBase.TAG_TIME_ZONE_DIGITIZED, CaptureDate.Source.EXIF_DIGITIZED),
            new Tags(ExifDirectoryBase.TAG_DATETIME, ExifDirectoryBase.TAG_SUBSECOND_TIME,
                    ExifDirectoryBase.TAG_TIME_ZONE, CaptureDate.Source.EXIF_DATETIME));

    @Override
    public List<CaptureDate> candidates(InspectedFile file) {
        Optional<Metadata> metadata = file.imageMetadata();
        if (metadata.isEmpty()) {
            return List.of();
        }
        List<Directory> directories = exifDirectories(metadata.get());
        List<CaptureDate> found = new ArrayList<>();
        for (Tags tags : STRONGEST_FIRST) {
            for (Directory dir : directories) {
                dateFrom(dir, directories, tags).ifPresent(found::add);
            }
        }
        return found;
    }

    private static List<Directory> exifDirectories(Metadata metadata) {
        List<Directory> dirs = new ArrayList<>(metadata.getDirectoriesOfType(ExifSubIFDDirectory.class));
        dirs.addAll(metadata.getDirectoriesOfType(ExifIFD0Directory.class));
        return dirs;
    }

    private static Optional<CaptureDate> dateFrom(Directory dir, List<Directory> all, Tags tags) {
        return ExifDateText.parse(dir.getString(tags.dateTime())).map(parsed -> {
            // The companion tag wins; a fraction inside the date text is the fallback some firmware uses.
            OptionalInt subsecond = Subseconds.fromFractionDigits(companion(dir, all, tags.subsecond()));
            if (subsecond.isEmpty() && parsed.fractionDigits().isPresent()) {
                subsecond = Subseconds.fromFractionDigits(parsed.fractionDigits().get());
            }
            return new CaptureDate(parsed.dateTime(), subsecond, Offsets.parse(companion(dir, all, tags.offset())),
                    tags.source());
        });
    }

    /** IFD0 DateTime's SubSecTime and OffsetTime live in the Exif sub-IFD, so look beyond the date's own IFD. */
    private static String companion(Directory own, List<Directory> all, int tag) {
        if (own.containsTag(tag)) {
            return own.getString(tag);
        }
        return all.stream().filter(d -> d.containsTag(tag)).map(d -> d.getString(tag)).findFirst().orElse(null);
    }
}
