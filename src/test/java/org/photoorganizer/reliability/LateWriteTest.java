package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;

/**
 * A file of a format without a completeness rule is taken on the quiet time alone; if its writer stalls longer
 * than that with the file still open, the same-file-system link moves the very file it writes into into the
 * library. The writer's last part then lands in the library file: the index row must be fixed, not left with
 * the MD5 of the part that was there when it was filed.
 */
class LateWriteTest {
    @TempDir
    Path temp;

    @Test
    void aFileStillBeingWrittenIntoAfterItWasLinkedIntoTheLibraryGetsItsIndexRowFixed() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        byte[] clip = new byte[200_000];
        new Random(5).nextBytes(clip);
        // Matroska's signature: no completeness rule, so only the quiet time holds it back.
        clip[0] = 0x1A;
        clip[1] = 0x45;
        clip[2] = (byte) 0xDF;
        clip[3] = (byte) 0xA3;
        Path growing = source.resolve("VID_20230506_070809.mkv");

        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true, Duration.ofMillis(500))
                .prepare()) {
            service.startWatching();
            try (OutputStream out = Files.newOutputStream(growing)) {
                out.write(clip, 0, clip.length / 2);
                out.flush();
                assertThat(Waits.until(Duration.ofSeconds(15), () -> !service.eventsOf(PipelineEvent.Filed.class)
                        .isEmpty())).isTrue();
                out.write(clip, clip.length / 2, clip.length - clip.length / 2);
            }
            Path filed = service.eventsOf(PipelineEvent.Filed.class).get(0).target();
            assertThat(filed).hasBinaryContent(clip);

            assertThat(Waits.until(Duration.ofSeconds(20), Duration.ofMillis(500), () -> {
                try {
                    return IndexCheck.problems(dest, service.index()).isEmpty();
                } catch (java.io.IOException e) {
                    return false;
                }
            })).as("the index row matches the library file: %s", IndexCheck.problems(dest, service.index())).isTrue();
        }
    }
}
