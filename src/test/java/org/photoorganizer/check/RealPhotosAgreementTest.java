package org.photoorganizer.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.fixtures.ExternalTools;

/**
 * The date part of {@code scripts/check-real-photos} on your own photos:
 * {@code mvn test -Dtest=RealPhotosAgreementTest -Dphotoorganizer.realPhotos=DIR}. Skipped without the
 * property. Prints the table and fails below 99.5 % agreement with ExifTool on the files it dates.
 */
class RealPhotosAgreementTest {

    @Test
    void capturesDatesAsExiftoolDoes() throws Exception {
        String folder = System.getProperty("photoorganizer.realPhotos", "");
        assumeTrue(!folder.isBlank(), "no -Dphotoorganizer.realPhotos=DIR given");
        Path dir = Path.of(folder);
        assertThat(dir).isDirectory();
        ExternalTools.require("exiftool", "-ver", "libimage-exiftool-perl");

        List<DateAgreement.FileResult> results = DateAgreement.measure(dir, ZoneId.systemDefault());
        DateAgreement.print(results, System.out);

        assertThat(results).as("photos and videos in " + dir).isNotEmpty();
        assertThat(DateAgreement.agreement(results)).as("agreement with ExifTool on dated files")
                .isGreaterThanOrEqualTo(0.995);
        assertThat(Files.isDirectory(dir)).isTrue();
    }
}
