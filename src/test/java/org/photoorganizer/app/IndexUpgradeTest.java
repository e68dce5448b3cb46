package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.index.LibraryIndex;

/** An upgrade from 1.1.0, whose index was SQLite: the old file goes, the index is rebuilt from the library. */
class IndexUpgradeTest {
    @TempDir
    Path temp;

    @Test
    void theSqliteIndexOf110IsReplacedByOneBuiltFromTheLibraryAndTheUserIsToldOnce() throws Exception {
        OrganizerRun run = new OrganizerRun(temp);
        Path kept = Jpegs.builder().size(160, 120).seed(4).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57))
                .writeTo(run.dest.resolve("2024/08_Aug/kept under my own name.jpg"));
        Path state = Files.createDirectories(run.dest.resolve(".photo-organizer"));
        byte[] sqlite = Arrays.copyOf("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 4096);
        Files.write(state.resolve("index.db"), sqlite);
        Files.write(state.resolve("index.db-wal"), new byte[32]);
        Path copy = run.source.resolve("copy.jpg");
        Files.copy(kept, copy);

        assertThat(run.run("--once")).isZero();

        assertThat(copy).as("found through the rebuilt index").doesNotExist();
        assertThat(run.events("Duplicate Deleted")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).endsWith("kept under my own name.jpg"));
        assertThat(state.resolve("index.db")).doesNotExist();
        assertThat(state.resolve("index.db-wal")).doesNotExist();
        assertThat(state.resolve(LibraryIndex.FILE_NAME)).isRegularFile();

        assertThat(run.run("--once")).isZero();
        assertThat(run.systemLog()).filteredOn(row -> row.get(4).startsWith("The library index of version 1.1.0"))
                .singleElement().satisfies(row -> assertThat(row.get(4)).endsWith("rebuilt from the library"));
    }
}
