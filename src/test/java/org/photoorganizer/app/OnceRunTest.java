package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.FileTimes;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Mp4s;

/** The command line of SPEC over real files: {@code --once --source S --dest D}. */
class OnceRunTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @TempDir
    Path temp;
    OrganizerRun run;

    @BeforeEach
    void setUp() throws Exception {
        run = new OrganizerRun(temp);
    }

    private Path jpeg(String relative, long seed, LocalDateTime date) {
        Path file = run.source.resolve(relative);
        return Jpegs.builder().size(160, 120).seed(seed).dateTimeOriginal(date).writeTo(file);
    }

    @Test
    void filesAPhotoByItsExifDateIntoYearAndMonthFolders() {
        jpeg("holiday.jpg", 1, SHOT);

        assertThat(run.run("--once")).isZero();

        assertThat(run.dest.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(run.source.resolve("holiday.jpg")).doesNotExist();
        assertThat(run.events("File moved")).singleElement()
                .satisfies(row -> assertThat(row.get(5)).endsWith("2024/08_Aug/20240814_134757.jpg"));
        assertThat(run.systemLog()).anySatisfy(row ->
                assertThat(row.get(4)).matches("Inbox done: 1 file in \\d+\\.\\d s .*"));
    }

    @Test
    void keepsTheExtensionsCase() {
        jpeg("IMG_0001.JPG", 1, SHOT);

        assertThat(run.run("--once")).isZero();

        assertThat(run.dest.resolve("2024/08_Aug/20240814_134757.JPG")).isRegularFile();
    }

    @Test
    void differentPhotosOfTheSameSecondAreAllKeptWithLetterSuffixes() throws Exception {
        byte[] first = Files.readAllBytes(jpeg("a.jpg", 1, SHOT));
        byte[] second = Files.readAllBytes(jpeg("b.jpg", 50, SHOT));
        byte[] third = Files.readAllBytes(jpeg("c.jpg", 99, SHOT));

        assertThat(run.run("--once")).isZero();

        Map<String, byte[]> library = OrganizerRun.tree(run.dest.resolve("2024/08_Aug"));
        assertThat(library).containsOnlyKeys("20240814_134757.jpg", "20240814_134757_A.jpg", "20240814_134757_B.jpg");
        assertThat(library.values()).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyInAnyOrder(first, second, third);
        assertThat(run.dest.resolve("Duplicates")).doesNotExist();
        assertThat(run.events("File moved")).filteredOn(row -> row.get(7).equals("20240814_134757_A.jpg"))
                // b.jpg (seed 50) is near single-colour at this size, so its row may carry that note too.
                .singleElement().satisfies(row -> assertThat(row.get(8))
                        .contains("; 20240814_134757.jpg is a different photo taken in the same second"));
    }

    @Test
    void deletesAnExactCopyFoundAnywhereInTheLibraryUnderAnotherName() throws Exception {
        jpeg("original.jpg", 3, SHOT);
        assertThat(run.run("--once")).isZero();
        Path copy = run.source.resolve("from phone/renamed copy.jpg");
        Files.createDirectories(copy.getParent());
        Files.copy(run.dest.resolve("2024/08_Aug/20240814_134757.jpg"), copy);
        FileTimes.setModified(copy, Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(run.run("--once")).isZero();

        assertThat(run.systemLog()).filteredOn(row -> row.get(4).startsWith("Building the library index"))
                .as("said at the first start only").hasSize(1);
        assertThat(copy).doesNotExist();
        assertThat(copy.getParent()).as("an emptied inbox sub-folder is removed").doesNotExist();
        assertThat(run.dest.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(OrganizerRun.tree(run.dest).keySet()).noneMatch(name -> name.startsWith("Duplicates"));
        assertThat(run.events("Duplicate Deleted")).singleElement().satisfies(row ->
                assertThat(row.get(8)).contains("identical to").endsWith("20240814_134757.jpg"));
        assertThat(run.systemLog()).anySatisfy(row ->
                assertThat(row.get(4)).matches("Statistics \\(service stopped\\): 0\\.00 B moved, \\d+\\.\\d{2} KB deleted"));
    }

    @Test
    void withDeleteOffAnExactCopyGoesToDuplicatesWithASequenceName() throws Exception {
        run.writeConfig(false);
        Path original = jpeg("original.jpg", 3, SHOT);
        Path copy = run.source.resolve("copy.jpg");
        Files.copy(original, copy);

        assertThat(run.run("--once")).isZero();

        assertThat(OrganizerRun.tree(run.dest).keySet()).contains("2024/08_Aug/20240814_134757.jpg",
                "Duplicates/20240814_134757.0001.jpg");
        assertThat(run.events("Moved to Duplicates")).hasSize(1);
    }

    @Test
    void withDeleteOffDuplicatesUseTheSubsecondsWhenKnown() throws Exception {
        run.writeConfig(false);
        Path original = Jpegs.builder().size(120, 90).seed(4).dateTimeOriginal(SHOT).subSec("35")
                .writeTo(run.source.resolve("a.jpg"));
        Files.copy(original, run.source.resolve("b.jpg"));

        assertThat(run.run("--once")).isZero();

        assertThat(OrganizerRun.tree(run.dest).keySet()).contains("Duplicates/20240814_134757.3500.jpg");
    }

    @Test
    void withDeleteOffAThirdCopyIsDeletedBecauseDuplicatesAlreadyHoldsIt() throws Exception {
        run.writeConfig(false);
        Path original = jpeg("a.jpg", 3, SHOT);
        Files.copy(original, run.source.resolve("b.jpg"));
        assertThat(run.run("--once")).isZero();
        Files.copy(run.dest.resolve("2024/08_Aug/20240814_134757.jpg"), run.source.resolve("c.jpg"));

        assertThat(run.run("--once")).isZero();

        assertThat(OrganizerRun.tree(run.dest).keySet()).filteredOn(name -> name.startsWith("Duplicates/"))
                .containsExactly("Duplicates/20240814_134757.0001.jpg");
        assertThat(run.source.resolve("c.jpg")).doesNotExist();
        assertThat(run.events("Duplicate Deleted")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).contains("Duplicates"));
    }

    @Test
    void recognisesAnIdenticalFileAlreadyAtTheTargetNameThatTheIndexHasNotSeen() throws Exception {
        Path original = jpeg("a.jpg", 3, SHOT);
        Path placed = run.dest.resolve("2024/08_Aug/20240814_134757.jpg");
        Files.createDirectories(placed.getParent());
        Files.copy(original, placed);
        assertThat(run.run("--once")).isZero();
        assertThat(run.source.resolve("a.jpg")).doesNotExist();
        // Put the same photo in the library behind the index's back, then send it again.
        Files.copy(placed, run.dest.resolve("2024/08_Aug/manual.jpg"));
        Files.delete(placed);
        Files.copy(run.dest.resolve("2024/08_Aug/manual.jpg"), placed);
        Files.copy(placed, run.source.resolve("again.jpg"));

        assertThat(run.run("--once")).isZero();

        assertThat(run.source.resolve("again.jpg")).doesNotExist();
        assertThat(OrganizerRun.tree(run.dest.resolve("2024/08_Aug")).keySet())
                .containsExactlyInAnyOrder("20240814_134757.jpg", "manual.jpg");
    }

    @Test
    void aDamagedPhotoIsFiledAndItsRowSaysItIsDamaged() throws Exception {
        byte[] whole = Jpegs.builder().size(320, 240).seed(12).bytes();
        byte[] damaged = java.util.Arrays.copyOf(whole, whole.length / 2 + 2);
        damaged[damaged.length - 2] = (byte) 0xFF;
        damaged[damaged.length - 1] = (byte) 0xD9;
        Files.write(run.source.resolve("IMG_20240814_134757.jpg"), damaged);

        assertThat(run.run("--once")).isZero();

        assertThat(run.events("File moved")).singleElement().satisfies(row -> assertThat(row.get(8))
                .contains("damaged: the JPEG data is damaged").endsWith("compared as exact duplicates only"));
    }

    @Test
    void videosAreFiledByTheirMetadataDate() {
        Mp4s.builder().day("2023-05-06T07:08:09+02:00").writeTo(run.source.resolve("clip.MP4"));

        assertThat(run.run("--once")).isZero();

        assertThat(run.dest.resolve("2023/05_May/20230506_070809.MP4")).isRegularFile();
    }

    @Test
    void leavesOtherFilesAndNeverTouchesIgnoredOnes() throws Exception {
        Path notes = Files.writeString(run.source.resolve("notes.txt"), "hello");
        Path dsStore = Files.writeString(run.source.resolve(".DS_Store"), "x");
        Path partial = Files.writeString(run.source.resolve("movie.mp4.part"), "x");
        Path thumbs = run.source.resolve("@eaDir/photo.jpg/SYNOPHOTO_THUMB_XL.jpg");
        Files.createDirectories(thumbs.getParent());
        jpeg("@eaDir/photo.jpg/SYNOPHOTO_THUMB_XL.jpg", 9, SHOT);

        assertThat(run.run("--once")).isZero();

        assertThat(List.of(notes, dsStore, partial, thumbs)).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(run.events("Skipped")).singleElement()
                .satisfies(row -> assertThat(row.get(7)).isEqualTo("notes.txt"));
        assertThat(OrganizerRun.tree(run.dest).keySet()).noneMatch(name -> name.startsWith("2024"));
        assertThat(run.systemLog()).anySatisfy(row ->
                assertThat(row.get(4)).isEqualTo("Inbox done: no photos or videos to file"));
    }

    @Test
    void anEmptyFileIsAnErrorLeftInPlaceAndTheExitCodeSaysSo() throws Exception {
        Path empty = Files.createFile(run.source.resolve("empty.jpg"));
        jpeg("fine.jpg", 1, SHOT);

        assertThat(run.run("--once")).isEqualTo(1);

        assertThat(empty).isRegularFile();
        assertThat(run.dest.resolve("2024/08_Aug/20240814_134757.jpg")).isRegularFile();
        assertThat(run.events("Error")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).contains("empty file"));
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        jpeg("a.jpg", 1, SHOT);
        jpeg("b.jpg", 2, SHOT);
        Files.copy(run.source.resolve("a.jpg"), run.source.resolve("a copy.jpg"));
        Files.writeString(run.source.resolve("notes.txt"), "x");
        Map<String, byte[]> sourceBefore = OrganizerRun.tree(run.source);

        assertThat(run.run("--dry-run")).isZero();

        assertThat(OrganizerRun.tree(run.source)).containsOnlyKeys(sourceBefore.keySet());
        assertThat(OrganizerRun.tree(run.dest)).isEmpty();
        assertThat(run.dest.resolve("2024")).doesNotExist();
        assertThat(run.out.lines().toList()).hasSize(4)
                .anyMatch(line -> line.matches(".*a\\.jpg → move → .*2024/08_Aug/20240814_134757(_A)?\\.jpg"))
                .anyMatch(line -> line.matches(".*b\\.jpg → move → .*2024/08_Aug/20240814_134757(_A)?\\.jpg"))
                .anyMatch(line -> line.contains("a copy.jpg → delete (identical to"))
                .anyMatch(line -> line.contains("notes.txt → skip"));
    }

    @Test
    void theOperationLogHasTheOriginalsNineColumnsAndFormats() throws Exception {
        jpeg("=cmd.jpg", 1, SHOT);
        Files.writeString(run.source.resolve("-rf.txt"), "x");

        assertThat(run.run("--once")).isZero();

        List<CSVRecord> rows = run.operationLog();
        assertThat(rows.get(0).values()).containsExactly("Log", "Time", "IP address", "User", "Event", "File/Folder",
                "File size", "File name", "Additional Info");
        assertThat(rows.subList(1, rows.size())).isNotEmpty().allSatisfy(row -> {
            assertThat(row.size()).isEqualTo(9);
            assertThat(row.get(0)).isEqualTo("SMB");
            assertThat(row.get(1)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(row.get(6)).matches("\\d+\\.\\d{2} (B|KB|MB|GB|TB)");
        });
        assertThat(run.events("File Detected")).singleElement()
                .satisfies(row -> assertThat(row.get(7)).as("formula-safe").isEqualTo("'=cmd.jpg"));
        assertThat(run.events("Skipped")).singleElement()
                .satisfies(row -> assertThat(row.get(7)).isEqualTo("'-rf.txt"));
        List<CSVRecord> system = run.systemLog();
        assertThat(system.get(0).values()).containsExactly("Level", "Log", "Time", "User", "Event");
        assertThat(system.subList(1, system.size())).allSatisfy(row -> {
            assertThat(row.get(0)).isIn("Info", "Warning", "Error");
            assertThat(row.get(1)).isEqualTo("System");
            assertThat(row.get(2)).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}");
        });
        assertThat(system.get(1).get(4)).startsWith("Service started");
        assertThat(system.get(system.size() - 1).get(4)).isEqualTo("Service stopped");
    }

    @Test
    void aBadConfigurationIsReportedAndExitsWithCodeTwo() throws Exception {
        Files.writeString(run.config, """
                [paths]
                source_dir = %s
                destination_root = %s
                """.formatted(run.root.resolve("missing"), run.dest));

        assertThat(run.run("--once")).isEqualTo(2);

        assertThat(run.err).contains("Configuration error").contains("missing");
        assertThat(run.systemLog()).hasSize(2).last().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("Error");
            assertThat(row.get(4)).startsWith("Configuration error").contains("missing");
        });
    }

    @Test
    void aSourceInsideTheManagedLibraryIsRefused() throws Exception {
        Path inside = Files.createDirectories(run.dest.resolve("2024/inbox"));

        int code = run.runRaw(List.of("--once", "--source", inside.toString(), "--dest", run.dest.toString()));

        assertThat(code).isEqualTo(2);
        assertThat(run.err).contains("inside the library");
        assertThat(run.systemLog()).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("Error"));
    }

    @Test
    void helpAndVersion() {
        assertThat(run.runRaw(List.of("--help"))).isZero();
        assertThat(run.out).contains("--once").contains("--dry-run");
        assertThat(run.runRaw(List.of("--version"))).isZero();
        assertThat(run.out).startsWith("Photo Organizer ");
        assertThat(run.runRaw(List.of("--bogus"))).isEqualTo(2);
    }
}
