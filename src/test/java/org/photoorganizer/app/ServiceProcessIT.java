package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;

/** The shaded jar as a process: watches, and on SIGTERM finishes cleanly with the statistics line. */
class ServiceProcessIT {
    @TempDir
    Path temp;

    @Test
    void runsUntilSigtermAndThenLogsTheFinalStatistics() throws Exception {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        assumeTrue(Files.isRegularFile(jar), "the shaded jar is built by mvn package: " + jar);
        OrganizerRun folders = new OrganizerRun(temp);
        Process process = new ProcessBuilder("java", "-Xmx128m", "-jar", jar.toString(), "--config",
                folders.config.toString()).redirectErrorStream(true).redirectOutput(temp.resolve("out.log").toFile())
                .start();
        try {
            awaitText(temp.resolve("out.log"), "Watching");
            Jpegs.builder().size(200, 150).seed(7).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57))
                    .writeTo(folders.source.resolve("new/IMG_1.jpg"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(folders.dest.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s of SIGTERM").isTrue();

        List<CSVRecord> system = folders.systemLog();
        assertThat(system.get(system.size() - 2).get(4)).matches(
                "Statistics \\(service stopped\\): \\d+\\.\\d\\d KB moved, 0\\.00 B deleted");
        assertThat(system.get(system.size() - 1).get(4)).isEqualTo("Service stopped");
    }

    @Test
    void logsThroughItsOwnConfigurationWithoutLoadingAnXmlParser() throws Exception {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        assumeTrue(Files.isRegularFile(jar), "the shaded jar is built by mvn package: " + jar);
        OrganizerRun folders = new OrganizerRun(temp);
        Path classes = temp.resolve("classes.log");
        Process process = new ProcessBuilder("java", "-Xmx128m", "-Xlog:class+load=info:file=" + classes, "-jar",
                jar.toString(), "--once", "--config", folders.config.toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("out.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // The service's INFO lines reach standard error in the pattern the package log has always had.
        assertThat(Files.readString(temp.resolve("out.log")))
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d INFO  \\w+: ");
        // Nor logback's PatternLayout, whose converter map spins a class for each of its ~50 conversion words.
        assertThat(Files.readString(classes)).contains("org.photoorganizer.logging.ServiceLogConfigurator")
                .doesNotContain("ch.qos.logback.classic.joran.JoranConfigurator", "ch.qos.logback.core.joran.action.",
                        "ch.qos.logback.core.model.", "com.sun.org.apache.xerces.", "javax.xml.parsers.",
                        "ch.qos.logback.classic.PatternLayout source");
    }

    private static void awaitText(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service never said '" + text + "': " + Files.readString(log));
    }
}
