package org.photoorganizer.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the service (or a test main) as a separate JVM, as the NAS does, with the heap the NAS gives it. */
final class ProcessRunner {
    static final String HEAP = "-Xmx128m";

    private ProcessRunner() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The service jar " + jar.toAbsolutePath() + " is missing: run mvn package"
                    + " first or pass -Dphotoorganizer.jar=...");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar with {@code args}; stdout and stderr appended to {@code output}. */
    static Process startJar(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        return start(command, output);
    }

    /** The jar with {@code args}, its environment changed first ({@code null} value: the variable removed). */
    static Process startJar(Path output, java.util.Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    /** A main class of the test classpath, so tests can crash a service wired with their own seams. */
    static Process startTestMain(Path output, Class<?> main, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java(), HEAP, "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        return start(command, output);
    }

    private static Process start(List<String> command, Path output) throws IOException {
        File log = output.toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    static int await(Process process, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the service did not finish within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no finally block, no flush runs. */
    static void kill9(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    static Path configFile(Path dir, boolean deleteDuplicates, double settleSeconds) throws IOException {
        return Files.writeString(dir.resolve("config.ini"), "[duplicates]\ndelete = " + deleteDuplicates
                + "\n[processing]\nsettle_seconds = " + settleSeconds + "\nidle_stats_seconds = 3600\n");
    }

    /** Work folders on tmpfs when there is one: kill -9 is not a power cut, so fsync costs time and proves nothing. */
    static Path workRoot(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, name);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left for the OS to clean; not worth failing a test over.
        }
    }
}
