package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;

/**
 * The real jar refuses to run where it would do harm: a second service on the same library or inbox, a
 * locale that cannot spell file names; and a name that is not valid UTF-8 is left untouched with one clear row.
 */
class StartupGuardsIT {
    @TempDir
    Path temp;

    @Test
    void aSecondServiceOnTheSameLibraryOrInboxRefusesToStartAndTheLockDiesWithItsProcess() throws Exception {
        Path library = Files.createDirectories(temp.resolve("library"));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path otherInbox = Files.createDirectories(temp.resolve("other inbox"));
        Path otherLibrary = Files.createDirectories(temp.resolve("other library"));
        Path config = ProcessRunner.configFile(temp, true, 0.5);
        Path output = temp.resolve("first.txt");
        Process first = ProcessRunner.startJar(output, "--config", config.toString(), "--source", inbox.toString(),
                "--dest", library.toString());
        try {
            assertThat(Waits.until(Duration.ofSeconds(30), () -> contains(library.resolve("system_log.csv"),
                    "Watching"))).isTrue();

            Path second = temp.resolve("second.txt");
            int sameLibrary = ProcessRunner.await(ProcessRunner.startJar(second, "--once", "--config",
                    config.toString(), "--source", otherInbox.toString(), "--dest", library.toString()), 60);
            Path third = temp.resolve("third.txt");
            int sameInbox = ProcessRunner.await(ProcessRunner.startJar(third, "--once", "--config",
                    config.toString(), "--source", inbox.toString(), "--dest", otherLibrary.toString()), 60);

            assertThat(sameLibrary).isEqualTo(3);
            assertThat(Files.readString(second)).contains("Another Photo Organizer is already running on the library "
                    + library).contains("process " + first.pid());
            assertThat(Files.readString(library.resolve("system_log.csv")))
                    .contains("Not started: Another Photo Organizer is already running on the library");
            assertThat(sameInbox).isEqualTo(3);
            assertThat(Files.readString(third)).contains("already running on the inbox " + inbox);
        } finally {
            ProcessRunner.kill9(first);
        }
        Jpegs.builder().seed(1).dateTimeOriginal(LocalDateTime.of(2020, 1, 2, 3, 4, 5))
                .writeTo(inbox.resolve("a.jpg"));

        int afterKill = ProcessRunner.await(ProcessRunner.startJar(temp.resolve("after.txt"), "--once", "--config",
                config.toString(), "--source", inbox.toString(), "--dest", library.toString()), 60);

        assertThat(afterKill).as("no lock outlives kill -9; see " + Files.readString(temp.resolve("after.txt")))
                .isZero();
        assertThat(library.resolve("2020/01_Jan/20200102_030405.jpg")).exists();
    }

    @Test
    void underALocaleThatIsNotUtf8TheServiceRefusesToStartInEveryLogItWrites() throws Exception {
        Path library = Files.createDirectories(temp.resolve("library"));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path photo = Jpegs.builder().seed(2).dateTimeOriginal(LocalDateTime.of(2020, 1, 2, 3, 4, 5))
                .writeTo(inbox.resolve("Café été.jpg"));
        Map<String, String> noLocale = new HashMap<>();
        for (String name : new String[] {"LANG", "LC_ALL", "LC_CTYPE", "LANGUAGE"}) {
            noLocale.put(name, null);
        }
        Path output = temp.resolve("output.txt");

        int exit = ProcessRunner.await(ProcessRunner.startJar(output, noLocale, "--once", "--config",
                ProcessRunner.configFile(temp, true, 0.5).toString(), "--source", inbox.toString(), "--dest",
                library.toString()), 60);

        assertThat(exit).isEqualTo(2);
        assertThat(Files.readString(output)).contains("cannot start: the system locale does not use UTF-8");
        assertThat(Files.readString(library.resolve("system_log.csv")))
                .contains("cannot start: the system locale does not use UTF-8");
        assertThat(photo).exists();
    }

    @Test
    void aNameThatIsNotValidUtf8StaysUntouchedWithOneClearErrorAndOnceExitsOne() throws Exception {
        Path library = Files.createDirectories(temp.resolve("library"));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        byte[] photo = Jpegs.builder().seed(3).dateTimeOriginal(LocalDateTime.of(2020, 1, 2, 3, 4, 5)).bytes();
        Path staged = Files.write(temp.resolve("staged.jpg"), photo);
        // Java cannot make such a name: the shell's printf writes the raw bytes (Latin-1 "Été", as an old camera card).
        Process mv = new ProcessBuilder("sh", "-c", "mv \"$1\" \"$2\"/\"$(printf '\\311t\\351 1.jpg')\"", "sh",
                staged.toString(), inbox.toString()).start();
        assertThat(mv.waitFor()).isZero();
        Path output = temp.resolve("output.txt");

        int exit = ProcessRunner.await(ProcessRunner.startJar(output, "--once", "--config",
                ProcessRunner.configFile(temp, true, 0.5).toString(), "--source", inbox.toString(), "--dest",
                library.toString()), 60);

        assertThat(exit).isEqualTo(1);
        String log = Files.readString(library.resolve("photo_organizer_log.csv"));
        assertThat(log.lines().filter(line -> line.contains(",Error,"))).singleElement().asString()
                .contains("the name is not valid UTF-8").contains("rename it");
        assertThat(log).doesNotContain("File moved").doesNotContain("could not be read").doesNotContain("File Detected");
        try (var left = Files.list(inbox)) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })).singleElement().isEqualTo(photo);
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
