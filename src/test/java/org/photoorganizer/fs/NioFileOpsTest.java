package org.photoorganizer.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioFileOpsTest {
    @TempDir
    Path temp;

    @Test
    void theStatusChangeTimeIsWhenTheFileWasLastTouchedWhateverItsModificationTimeSays() throws Exception {
        Path file = Files.writeString(temp.resolve("copied.jpg"), "x");
        // What cp -p and rsync -t do once they have written a file.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2015-06-01T10:00:00Z")));

        Instant changed = new NioFileOps().statusChanged(file).orElseThrow();

        assertThat(Duration.between(changed, Instant.now()).abs()).isLessThan(Duration.ofSeconds(10));
        assertThat(new NioFileOps().lastChanged(file)).isEqualTo(changed);
    }
}
