package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessCommandRunnerTest {

    @TempDir
    static Path dir;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @BeforeAll
    static void stubs() throws IOException {
        // Writes each argument on its own line, bracketed, so splitting or expansion would show.
        script("argv", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; printf 'stderr line\\n' >&2; exit 3");
        script("sleeper", "sleep 30");
        script("reads-stdin", "cat; echo done");
        script("chatty", "i=0; while [ $i -lt 2000 ]; do printf '%0100d\\n' 0; i=$((i+1)); done; echo end >&2");
        Path noExec = dir.resolve("not-executable");
        Files.writeString(noExec, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(noExec, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void argumentsArriveVerbatimWithoutAShell() {
        List<String> args = List.of("with space", "-d", "a;b", "$(echo pwned)", "`id`", "*", "'q\"", "ü 日本.jpg", "");
        CommandResult r = runner.run(prepend(dir.resolve("argv").toString(), args), Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(CommandResult.Status.EXITED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
        StringBuilder expected = new StringBuilder();
        args.forEach(a -> expected.append('[').append(a).append("]\n"));
        assertThat(r.output()).startsWith(expected.toString()).contains("stderr line");
    }

    @Test
    void exitZeroSucceeds() {
        CommandResult r = runner.run(List.of("sh", "-c", "exit 0"), Duration.ofSeconds(5));
        assertThat(r.succeeded()).isTrue();
    }

    @Test
    void missingProgramIsNotFound() {
        CommandResult r = runner.run(List.of("photo-organizer-no-such-tool-xyz", "-a", "x"), Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(CommandResult.Status.NOT_FOUND);
        CommandResult abs = runner.run(List.of(dir.resolve("missing").toString()), Duration.ofSeconds(5));
        assertThat(abs.status()).isEqualTo(CommandResult.Status.NOT_FOUND);
    }

    @Test
    void nonExecutableIsFailedNotNotFound() {
        CommandResult r = runner.run(List.of(dir.resolve("not-executable").toString()), Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(CommandResult.Status.FAILED);
        assertThat(r.detail()).isNotEmpty();
    }

    @Test
    @Timeout(10)
    void timeoutKillsTheProcessAndItsChildren() throws Exception {
        long start = System.nanoTime();
        CommandResult r = runner.run(List.of(dir.resolve("sleeper").toString()), Duration.ofMillis(300));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(CommandResult.Status.TIMED_OUT);
        assertThat(ms).isLessThan(4000);
        // The shell's `sleep 30` child must not survive either.
        Thread.sleep(200);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse("")).filter(c -> c.contains("sleep 30")))
                .isEmpty();
    }

    @Test
    @Timeout(10)
    void stdinIsClosedSoReadersDoNotHang() {
        CommandResult r = runner.run(List.of(dir.resolve("reads-stdin").toString()), Duration.ofSeconds(5));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output()).isEqualTo("done\n");
    }

    @Test
    @Timeout(10)
    void largeOutputIsDrainedAndTruncated() {
        CommandResult r = runner.run(List.of(dir.resolve("chatty").toString()), Duration.ofSeconds(5));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output().length()).isEqualTo(ProcessCommandRunner.MAX_OUTPUT_BYTES);
    }

    private static List<String> prepend(String first, List<String> rest) {
        var all = new java.util.ArrayList<String>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
