package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text formats of EXIF, XMP and QuickTime as firmware really writes them. */
class DateTextTest {

    @ParameterizedTest(name = "[{index}] '{0}'")
    @CsvSource(delimiter = '|', value = {
            "2024:01:02 12:34:56        | 2024-01-02T12:34:56",
            "2024-01-02 12:34:56        | 2024-01-02T12:34:56",
            "2024/01/02 12:34:56        | 2024-01-02T12:34:56",
            "'2024:01:02 12:34:56\u0000' | 2024-01-02T12:34:56",
            "2024:01:02 12:34:56.789    | 2024-01-02T12:34:56",
    })
    void exifText(String text, LocalDateTime expected) {
        assertThat(ExifDateText.parse(text)).map(ExifDateText.Parsed::dateTime).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @ValueSource(strings = {"0000:00:00 00:00:00", "    :  :     :  :  ", "", "2024:02:30 10:00:00",
            "2024:01:02 24:00:00", "2024:01:02", "garbage"})
    void exifNoDate(String text) {
        assertThat(ExifDateText.parse(text)).isEmpty();
    }

    @Test
    void exifFractionInText() {
        assertThat(ExifDateText.parse("2024:01:02 12:34:56.789").orElseThrow().fractionDigits()).contains("789");
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @CsvSource(delimiter = '|', value = {
            "2024-01-02T12:34:56+0200      | 2024-01-02T12:34:56 | +02:00 | false",
            "2024-01-02T12:34:56+02:00     | 2024-01-02T12:34:56 | +02:00 | false",
            "2024-01-02T12:34:56-05        | 2024-01-02T12:34:56 | -05:00 | false",
            "2024-01-02T12:34:56.000000Z   | 2024-01-02T12:34:56 | Z      | true",
            "2024-01-02T12:34:56+0000      | 2024-01-02T12:34:56 | Z      | false",
            "2024-01-02 12:34:56           | 2024-01-02T12:34:56 |        | false",
            "2024-01-02T12:34              | 2024-01-02T12:34:00 |        | false",
            "2024-01-02                    | 2024-01-02T00:00:00 |        | false",
            // An impossible offset loses only the offset: the wall time is still what the camera showed.
            "2024-01-02T12:34:56+2500      | 2024-01-02T12:34:56 |        | false",
    })
    void isoText(String text, LocalDateTime expected, String offset, boolean utc) {
        IsoDateText.Parsed parsed = IsoDateText.parse(text).orElseThrow();
        assertThat(parsed.dateTime()).isEqualTo(expected);
        if (offset == null) {
            assertThat(parsed.offset()).isEmpty();
        } else {
            assertThat(parsed.offset()).contains(ZoneOffset.of(offset));
        }
        assertThat(parsed.utcDesignator()).isEqualTo(utc);
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @ValueSource(strings = {"2024", "2024-01", "2024-13-01", "2024-01-02T25:00:00", "yesterday", ""})
    void isoNoDate(String text) {
        assertThat(IsoDateText.parse(text)).isEmpty();
    }

    @Test
    void subsecondDigitsAreTenThousandths() {
        assertThat(Subseconds.fromFractionDigits("5")).hasValue(5000);
        assertThat(Subseconds.fromFractionDigits("05")).hasValue(500);
        assertThat(Subseconds.fromFractionDigits("99999")).hasValue(9999);
        assertThat(Subseconds.fromFractionDigits(" 12 ")).hasValue(1200);
        assertThat(Subseconds.fromFractionDigits("ab")).isEmpty();
        assertThat(Subseconds.fromFractionDigits("")).isEmpty();
        assertThat(Subseconds.fromNanos(999_999_999)).hasValue(9999);
    }
}
