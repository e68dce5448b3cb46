package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameDateSourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "IMG_20240102_123456.jpg            | 2024-01-02T12:34:56",
            "VID_20240102_123456.mp4            | 2024-01-02T12:34:56",
            "20240102_123456.jpg                | 2024-01-02T12:34:56",
            "20240102_123456(1).jpg             | 2024-01-02T12:34:56",
            "IMG_20240102_123456_BURST001.jpg   | 2024-01-02T12:34:56",
            "PXL_20240102_123456789.jpg         | 2024-01-02T12:34:56",
            "PXL_20240102_123456789.MP.jpg      | 2024-01-02T12:34:56",
            "Screenshot_20240102-123456.png     | 2024-01-02T12:34:56",
            "2024-01-02 12.34.56.jpg            | 2024-01-02T12:34:56",
            "2024-01-02 12.34.56-1.jpg          | 2024-01-02T12:34:56",
            "2024-01-02_12-34-56.jpg            | 2024-01-02T12:34:56",
            "Screenshot_2024-01-02-12-34-56-123_com.app.png | 2024-01-02T12:34:56",
            "WhatsApp Image 2024-01-02 at 12.34.56.jpeg     | 2024-01-02T12:34:56",
            "Screenshot 2024-01-02 at 1.23.45 PM.png        | 2024-01-02T13:23:45",
            "Screenshot 2024-01-02 at 12.03.45 AM.png       | 2024-01-02T00:03:45",
            "IMG-20240102-WA0001.jpg            | 2024-01-02T00:00:00",
            "VID-20240102-WA0012.mp4            | 2024-01-02T00:00:00",
            "img-20240102-wa0001.JPG            | 2024-01-02T00:00:00",
    })
    void recognises(String name, LocalDateTime expected) {
        List<CaptureDate> found = FileNameDateSource.fromName(name);

        assertThat(found).isNotEmpty();
        assertThat(found.get(0).dateTime()).isEqualTo(expected);
        assertThat(found.get(0).source()).isEqualTo(CaptureDate.Source.FILE_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "IMG_1234.jpg",
            "DSC01234.JPG",
            "P1000123.JPG",
            "20240102123456.jpg",        // no separator: could be any counter
            "120240102_123456.jpg",      // digits run on before the date
            "20240102_1234567.jpg",      // digits run on after the time
            "IMG_20241302_123456.jpg",   // month 13
            "IMG_20240231_123456.jpg",   // 31 February
            "IMG_20240102_253456.jpg",   // hour 25
            "IMG_18000102_123456.jpg",   // year out of range
            "IMG_20240102.jpg",          // date without time is only trusted from WhatsApp
            "2024-01-02.jpg",
            "holiday 2024.jpg",
            "IMG-20240102-WA.jpg",
            "XIMG-20240102-WA0001.jpg",
            "1234567890123456789.jpg",
            "Screenshot 2024-01-02 at 13.23.45 PM.png",  // 13 PM
    })
    void ignores(String name) {
        assertThat(FileNameDateSource.fromName(name)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PXL_20240102_123456789.jpg | 7890",
            "2024-01-02 12.34.56.5.jpg  | 5000",
            "IMG_20240102_123456.jpg    | -1",
    })
    void subseconds(String name, int expected) {
        CaptureDate date = FileNameDateSource.fromName(name).get(0);
        if (expected < 0) {
            assertThat(date.subsecond()).isEmpty();
        } else {
            assertThat(date.subsecond()).hasValue(expected);
        }
    }
}
