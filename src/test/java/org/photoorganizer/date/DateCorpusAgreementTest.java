package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.check.DateAgreement;
import org.photoorganizer.fixtures.ExternalTools;

/**
 * One round of {@link DateCorpus} (every kind of file once: camera JPEGs of several makes, a malformed
 * maker note, XMP-only JPEG/PNG/TIFF/WebP/HEIC, HEIC/AVIF/WebP/PNG/JPEG XL with EXIF, phone and camera
 * MP4/MOV) dated by the service and by ExifTool: they must agree on every file ExifTool dates.
 */
class DateCorpusAgreementTest {

    @TempDir Path dir;

    @Test
    void everyDatedFileAgreesWithExiftool() throws Exception {
        ExternalTools.require("exiftool", "-ver", "libimage-exiftool-perl");
        DateCorpus.make(dir, 1, 7);

        List<DateAgreement.FileResult> results = DateAgreement.measure(dir, ZoneId.of("Europe/Berlin"));
        DateAgreement.print(results, System.out);

        assertThat(results.stream().filter(DateAgreement.FileResult::dated).count()).isGreaterThanOrEqualTo(19);
        assertThat(results.stream().filter(r -> r.dated() && !r.agrees()).map(r -> r.file().getFileName() + ": "
                + r.exiftool() + " vs " + r.ours() + " " + r.error())).isEmpty();
    }
}
