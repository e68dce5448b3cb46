package org.photoorganizer.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.photoorganizer.synology.SynologyDetector;

/** A source and destination folder in a temp dir, and a way to run the real command line over them. */
final class OrganizerRun {
    final Path root;
    final Path source;
    final Path dest;
    final Path config;
    String out = "";
    String err = "";

    OrganizerRun(Path root) throws IOException {
        this.root = root;
        this.source = Files.createDirectories(root.resolve("PhotosToProcess"));
        this.dest = Files.createDirectories(root.resolve("Photos"));
        this.config = root.resolve("config.ini");
        writeConfig(true);
    }

    void writeConfig(boolean deleteDuplicates) throws IOException {
        Files.writeString(config, """
                [paths]
                source_dir = %s
                destination_root = %s
                [duplicates]
                delete = %s
                [processing]
                settle_seconds = 0.5
                idle_stats_seconds = 60
                """.formatted(source, dest, deleteDuplicates ? "yes" : "no"));
    }

    int run(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(List.of(extraArgs));
        return runRaw(args);
    }

    int runRaw(List<String> args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = Main.run(args, root, List.of(root.resolve("no-such-config.ini")),
                new SynologyDetector(root.resolve("not-a-nas")),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** Every regular file below {@code dir} (relative path → content), skipping the service's own state. */
    static Map<String, byte[]> tree(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(path).toString();
                if (!relative.startsWith(".photo-organizer")) {
                    files.put(relative, Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    List<CSVRecord> operationLog() {
        return csv(dest.resolve("photo_organizer_log.csv"));
    }

    List<CSVRecord> systemLog() {
        return csv(dest.resolve("system_log.csv"));
    }

    static List<CSVRecord> csv(Path file) {
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, CSVFormat.RFC4180)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation-log rows of one event type, as {@code [File/Folder, Additional Info]} pairs. */
    List<CSVRecord> events(String event) {
        return operationLog().stream().filter(r -> r.size() > 4 && r.get(4).equals(event)).toList();
    }
}
