package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.photoorganizer.fixtures.Jpegs;

/**
 * kill -9 (a halt at an exact file operation) in the middle of a similar-image replacement and of a duplicate
 * removal, then a restart of the real jar: every file in Duplicates and every deleted inbox file must have its
 * row in photo_organizer_log.csv, written from the journal of owed rows when the crash came between the step
 * and its row.
 */
class OwedRowsCrashIT {
    private static final LocalDateTime TAKEN = LocalDateTime.of(2023, 6, 7, 8, 9, 10);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}: {1} #{2} {3}, cross file system {4}")
    @CsvSource({
            // scenario, op, nth, where, cross
            // A better version replaces a library photo: library photo -> Duplicates, then inbox -> library.
            "similar, CREATE_LINK, 1, after, false",
            "similar, SYNC_DIRECTORY, 1, after, false",
            "similar, DELETE, 1, before, false",
            "similar, DELETE, 1, after, false",
            "similar, CREATE_LINK, 2, after, false",
            "similar, DELETE, 2, before, false",
            "similar, DELETE, 2, after, false",
            "similar, COPY, 1, after, true",
            "similar, DELETE, 2, after, true",
            "similar, DELETE, 4, after, true",
            // An exact copy with delete=true: the inbox file is deleted.
            "deleted, DELETE, 1, before, false",
            "deleted, DELETE, 1, after, false",
            // An exact copy with delete=false: the inbox file goes to Duplicates.
            "aside, CREATE_LINK, 1, after, false",
            "aside, DELETE, 1, after, false",
            "aside, DELETE, 2, after, true",
    })
    void everyFileInDuplicatesAndEveryDeletionHasItsRowAfterACrashAndRestart(String scenario,
            FaultInjectingFileOps.Op op, int nth, String where, boolean cross) throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        boolean delete = scenario.equals("deleted");
        Path config = ProcessRunner.configFile(temp, delete, 0.5);
        BufferedImage picture = Jpegs.picture(21, 800, 600);
        byte[] first = scenario.equals("similar")
                ? Jpegs.builder().image(Jpegs.scaled(picture, 200, 150)).dateTimeOriginal(TAKEN).bytes()
                : Jpegs.builder().image(picture).dateTimeOriginal(TAKEN).bytes();
        byte[] second = scenario.equals("similar") ? Jpegs.builder().image(picture).dateTimeOriginal(TAKEN).bytes()
                : first.clone();
        Files.write(source.resolve("first.jpg"), first);
        Path output = temp.resolve("output.txt");
        assertThat(ProcessRunner.await(ProcessRunner.startJar(output, "--once", "--config", config.toString(),
                "--source", source.toString(), "--dest", dest.toString()), 60)).isZero();
        Path incoming = Files.write(source.resolve("second.jpg"), second);
        List<Path> libraryBefore = ContentInvariant.destinationFiles(dest);
        ContentInvariant invariant = ContentInvariant.before(source, dest);

        int halted = ProcessRunner.await(ProcessRunner.startTestMain(output, CrashPointMain.class, source.toString(),
                dest.toString(), op.name(), String.valueOf(nth), where, String.valueOf(cross), "any",
                String.valueOf(delete)), 120);
        assertThat(halted).as("the crash point was reached; see " + Files.readString(output))
                .isEqualTo(CrashPointMain.HALTED);
        int exit = ProcessRunner.await(ProcessRunner.startJar(output, "--once", "--config", config.toString(),
                "--source", source.toString(), "--dest", dest.toString()), 60);

        assertThat(exit).as(Files.readString(output)).isZero();
        assertThat(invariant.violations(source, dest, ContentInvariant.reportedInLog(
                dest.resolve("photo_organizer_log.csv")))).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
        List<CSVRecord> rows = rows(dest.resolve("photo_organizer_log.csv"));
        List<String> missing = new ArrayList<>();
        for (Path file : ContentInvariant.destinationFiles(dest)) {
            if (dest.relativize(file).startsWith("Duplicates") && rows.stream().noneMatch(row -> row.get(5)
                    .equals(file.toString()) && (row.get(4).equals("Moved to Duplicates")
                    || row.get(4).equals("Similar image")))) {
                missing.add("no row for " + dest.relativize(file));
            }
        }
        if (!Files.exists(incoming) && rows.stream().noneMatch(row -> row.get(5).equals(incoming.toString())
                && row.get(4).equals("Duplicate Deleted") || row.get(8).contains("from " + incoming))) {
            missing.add("no row says what became of " + incoming);
        }
        for (Path before : libraryBefore) {
            if (!Files.exists(before) && rows.stream().noneMatch(row -> row.get(8).contains("from " + before))) {
                missing.add("no row says what became of the library file " + dest.relativize(before));
            }
        }
        assertThat(missing).as(String.join("\n", rows.stream().map(CSVRecord::toString).toList())).isEmpty();
        assertThat(scenario.equals("deleted") ? Files.exists(incoming) || rows.stream()
                .anyMatch(row -> row.get(4).equals("Duplicate Deleted")) : true).isTrue();
    }

    private static List<CSVRecord> rows(Path log) throws IOException {
        try (Reader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
