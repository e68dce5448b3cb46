package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SynologyPathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/volume1/photo/2024/08_Aug/20240814_134757.jpg | /var/services/photo/2024/08_Aug/20240814_134757.jpg",
            "/volume1/photo                                  | /var/services/photo",
            "/volume12/homes/anna/My Photos/é x.jpg          | /var/services/homes/anna/My Photos/é x.jpg",
            "/volume2/photo/../video/a.mp4                   | /var/services/video/a.mp4",
            "/volume1                                        | /volume1",
            "/volume1/@appstore/PhotoOrganizer/var           | /volume1/@appstore/PhotoOrganizer/var",
            "/volumeUSB1/usbshare/a.jpg                      | /volumeUSB1/usbshare/a.jpg",
            "/volume/photo/a.jpg                             | /volume/photo/a.jpg",
            "/var/services/photo/a.jpg                       | /var/services/photo/a.jpg",
            "/home/user/volume1/photo/a.jpg                  | /home/user/volume1/photo/a.jpg",
            "volume1/photo/a.jpg                             | volume1/photo/a.jpg",
            "/tmp/x                                          | /tmp/x",
    })
    void convertsShareOnVolumeOnly(String in, String expected) {
        assertThat(SynologyPaths.toSystemPath(Path.of(in))).isEqualTo(Path.of(expected));
        assertThat(SynologyPaths.toSystemPath(in)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void emptyStringStaysEmpty() {
        assertThat(SynologyPaths.toSystemPath("")).isEmpty();
    }
}
