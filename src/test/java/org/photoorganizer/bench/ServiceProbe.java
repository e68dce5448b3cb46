package org.photoorganizer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The watching service as the package runs it, for {@code scripts/bench}: the real jar with the package's JVM
 * options and its review page on (demo mode, any free port). Measures
 * <ol>
 *   <li>start to ready: from launching the JVM to the readiness file the package's start script waits for
 *   (index open, inbox listed and watched), median of three starts over an empty inbox;</li>
 *   <li>a flood: every file of {@code FLOOD} moved into the watched inbox at once, one rename each; the time
 *   until the inbox is empty and the peak resident memory;</li>
 *   <li>idle: once the inbox has been empty for 20 s, over {@code IDLE_SECONDS}: CPU time, read system calls
 *   and bytes read from the disk (Linux {@code /proc}), and the resident memory at the end.</li>
 * </ol>
 * Usage: {@code ServiceProbe JAR JVM_OPTIONS_FILE WORK FLOOD IDLE_SECONDS}. Prints {@code RESULT} lines.
 */
public final class ServiceProbe {
    private static final long CLOCK_TICKS = 100;

    private ServiceProbe() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        List<String> options = jvmOptions(Path.of(args[1]));
        Path work = Path.of(args[2]);
        int idleSeconds = Integer.parseInt(args[4]);
        deleteTree(work);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path library = Files.createDirectories(work.resolve("library"));
        Path config = Files.writeString(work.resolve("config.ini"), "[processing]\nsettle_seconds = 0.5\n"
                + "idle_stats_seconds = 3600\n");
        double[] starts = new double[3];
        for (int i = 0; i < starts.length; i++) {
            Service service = Service.start(jar, options, config, inbox, library, work);
            starts[i] = service.readySeconds;
            service.stop();
        }
        Arrays.sort(starts);
        result("start_to_ready_s", starts[1]);

        Service service = Service.start(jar, options, config, inbox, library, work);
        try {
            flood(service, work, inbox, Path.of(args[3]), idleSeconds);
        } finally {
            service.stop();
        }
    }

    private static void flood(Service service, Path work, Path inbox, Path flood, int idleSeconds) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(flood)) {
            files = walk.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().startsWith("."))
                    .toList();
        }
        Path staging = work.resolve("staging");
        for (Path file : files) {
            Path copy = staging.resolve(flood.relativize(file).toString().replace('/', '_'));
            Files.createDirectories(copy.getParent());
            Files.createLink(copy, file);
        }
        long floodStart = System.nanoTime();
        try (Stream<Path> staged = Files.list(staging)) {
            for (Path file : staged.toList()) {
                Files.move(file, inbox.resolve(file.getFileName()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (mediaLeft(inbox) > 0 && System.nanoTime() < deadline && service.process.isAlive()) {
            Thread.sleep(100);
        }
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        if (mediaLeft(inbox) > 0) {
            throw new IllegalStateException(mediaLeft(inbox) + " files left in the inbox; see " + service.output);
        }
        count("flood_files", files.size());
        result("flood_s", floodSeconds);
        // Going idle first: the last work's follow-ups (the one collection 5 s after it, which reads the cgroup's
        // limits from /sys) are not idleness.
        Thread.sleep(20_000);
        long pid = service.process.pid();
        long cpuBefore = cpuTicks(pid);
        long syscrBefore = io(pid, "syscr");
        long bytesBefore = io(pid, "read_bytes");
        Thread.sleep(idleSeconds * 1000L);
        long cpu = cpuTicks(pid) - cpuBefore;
        count("idle_window_s", idleSeconds);
        result("idle_cpu_percent", 100.0 * cpu / CLOCK_TICKS / idleSeconds);
        count("idle_read_syscalls", io(pid, "syscr") - syscrBefore);
        count("idle_read_bytes", io(pid, "read_bytes") - bytesBefore);
        result("idle_rss_mb", status(pid, "VmRSS") / 1024.0);
        result("flood_peak_rss_mb", status(pid, "VmHWM") / 1024.0);
    }

    private record Service(Process process, double readySeconds, Path output) {
        static Service start(Path jar, List<String> options, Path config, Path inbox, Path library, Path work)
                throws Exception {
            Path ready = work.resolve("ready");
            Files.deleteIfExists(ready);
            Path output = work.resolve("service.out");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.addAll(List.of("-jar", jar.toString(), "--config", config.toString(), "--source",
                    inbox.toString(), "--dest", library.toString(), "--review-demo", "--review-port", "0",
                    "--ready-file", ready.toString()));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            String pid = Long.toString(process.pid());
            while (!readyFileSays(ready, pid)) {
                if (!process.isAlive() || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the service did not get ready; see " + output);
                }
                Thread.sleep(2);
            }
            return new Service(process, (System.nanoTime() - start) / 1e9, output);
        }

        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean readyFileSays(Path ready, String pid) {
        try {
            return Files.readString(ready).strip().equals(pid);
        } catch (IOException e) {
            return false;
        }
    }

    /** Photos and videos still in the inbox (hidden files left out); the service moves them meanwhile. */
    private static long mediaLeft(Path inbox) throws IOException {
        while (true) {
            try (Stream<Path> walk = Files.walk(inbox)) {
                return walk.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().startsWith("."))
                        .count();
            } catch (java.io.UncheckedIOException movedMeanwhile) {
                // a file or folder went while it was listed: count again
            }
        }
    }

    /** The options of conf/jvm.options, read as the package's launcher reads them. */
    static List<String> jvmOptions(Path file) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        return options;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long io(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).strip());
            }
        }
        throw new IOException("no " + key + " in /proc/" + pid + "/io");
    }

    private static long status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + key + " in /proc/" + pid + "/status");
    }

    private static void result(String name, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %.3f%n", name, value);
    }

    private static void count(String name, long value) {
        System.out.printf(Locale.ROOT, "RESULT %s %d%n", name, value);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
