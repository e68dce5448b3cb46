package org.photoorganizer.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Linux file systems rarely report a birth time to Java 17, so the "older of creation and modification"
 * rule is checked on attributes made up here.
 */
class FileTimeDateSourceTest {

    final FileTimeDateSource source = new FileTimeDateSource(ZoneId.of("Europe/Berlin"));

    @Test
    void olderCreationTimeComesFirst() {
        List<CaptureDate> dates = source.fromAttributes(
                attributes(Instant.parse("2020-01-01T10:00:00Z"), Instant.parse("2023-06-01T10:00:00Z")));

        assertThat(dates).extracting(CaptureDate::dateTime).containsExactly(
                LocalDateTime.of(2020, 1, 1, 11, 0), LocalDateTime.of(2023, 6, 1, 12, 0));
    }

    @Test
    void olderModificationTimeComesFirst() {
        List<CaptureDate> dates = source.fromAttributes(
                attributes(Instant.parse("2023-06-01T10:00:00Z"), Instant.parse("2020-01-01T10:00:00.5Z")));

        assertThat(dates.get(0).dateTime()).isEqualTo(LocalDateTime.of(2020, 1, 1, 11, 0));
        assertThat(dates.get(0).subsecond()).hasValue(5000);
    }

    @Test
    void zeroTimeIsUnknownNotOld() {
        List<CaptureDate> dates = source.fromAttributes(
                attributes(Instant.EPOCH, Instant.parse("2023-06-01T10:00:00Z")));

        assertThat(dates).extracting(CaptureDate::dateTime).containsExactly(LocalDateTime.of(2023, 6, 1, 12, 0));
    }

    @Test
    void equalTimesGiveOneCandidate() {
        Instant t = Instant.parse("2023-06-01T10:00:00Z");
        assertThat(source.fromAttributes(attributes(t, t))).hasSize(1);
    }

    private static BasicFileAttributes attributes(Instant created, Instant modified) {
        return new BasicFileAttributes() {
            @Override public FileTime lastModifiedTime() { return FileTime.from(modified); }
            @Override public FileTime lastAccessTime() { return FileTime.from(modified); }
            @Override public FileTime creationTime() { return FileTime.from(created); }
            @Override public boolean isRegularFile() { return true; }
            @Override public boolean isDirectory() { return false; }
            @Override public boolean isSymbolicLink() { return false; }
            @Override public boolean isOther() { return false; }
            @Override public long size() { return 0; }
            @Override public Object fileKey() { return null; }
        };
    }
}
