package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyFileTest {

    @TempDir
    Path dir;

    @Test
    void writesThePidAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("run/ready");
        new ReadyFile(file).write(4242);
        assertThat(file).hasContent("4242");
        assertThat(Files.readString(file)).isEqualTo("4242\n");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replacesAStaleFileFromAnEarlierRunAndRemoveDeletesIt() throws Exception {
        Path file = dir.resolve("ready");
        Files.writeString(file, "1\n");
        ReadyFile ready = new ReadyFile(file);
        ready.write(77);
        assertThat(file).hasContent("77");
        ready.remove();
        assertThat(file).doesNotExist();
        ready.remove(); // a second removal is harmless
    }

    @Test
    void theCommandLineTakesTheOption() throws Exception {
        CommandLine line = CommandLine.parse(java.util.List.of("--ready-file", "/tmp/x/ready", "--once"));
        assertThat(line.readyFile()).contains(Path.of("/tmp/x/ready"));
        assertThat(CommandLine.parse(java.util.List.of()).readyFile()).isEmpty();
    }
}
