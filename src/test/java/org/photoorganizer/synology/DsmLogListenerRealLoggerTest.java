package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.logging.SystemEvent;

/**
 * Runs the argv {@link DsmLogListener} builds through the real util-linux {@code logger} (wrapped in a
 * stub that sends the record to a file instead of syslog), so the {@code --} rule is checked against
 * the tool's actual option parsing rather than against our reading of it.
 */
class DsmLogListenerRealLoggerTest {

    private static final Path REAL_LOGGER = Path.of("/usr/bin/logger");

    @TempDir
    Path dir;

    private Path logged;
    private Path loggerStub;

    @BeforeEach
    void stubs() throws Exception {
        assumeTrue(Files.isExecutable(REAL_LOGGER), "util-linux logger not installed: skipping real-logger check");
        Process probe = new ProcessBuilder(REAL_LOGGER.toString(), "--socket-errors=off", "-u",
                dir.resolve("nosock").toString(), "--stderr", "probe").redirectErrorStream(true).start();
        probe.getOutputStream().close();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor() == 0 && out.contains("probe"),
                "logger lacks --socket-errors/--stderr (not util-linux?): skipping real-logger check");

        logged = dir.resolve("logged.txt");
        loggerStub = script("logger", "exec " + REAL_LOGGER + " --socket-errors=off -u '" + dir.resolve("nosock")
                + "' --stderr \"$@\" 2>>'" + logged + "'");
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void messagesReachSyslogIntactWithTheRightPriority() throws Exception {
        List<SystemEvent> warnings = new ArrayList<>();
        DsmLogListener listener = new DsmLogListener(new ProcessCommandRunner(), new WarnOnce(warnings::add),
                loggerStub.toString(), Duration.ofSeconds(5));

        listener.on(SystemEvent.error("-p kern.emerg leading dash"));
        listener.on(SystemEvent.info("Moved a; $(id) `id` ü 日本.jpg"));
        listener.on(SystemEvent.warning("--help"));

        List<String> lines = Files.readAllLines(logged, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        // <11> = user(1)*8 + err(3); <14> = user.info; <12> = user.warning.
        assertThat(lines.get(0)).startsWith("<11>").endsWith("PhotoOrganizer: -p kern.emerg leading dash");
        assertThat(lines.get(1)).startsWith("<14>").endsWith("PhotoOrganizer: Moved a; $(id) `id` ü 日本.jpg");
        assertThat(lines.get(2)).startsWith("<12>").endsWith("PhotoOrganizer: --help");
        assertThat(warnings).isEmpty();
    }
}
