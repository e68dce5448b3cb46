package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;

/**
 * {@code --once} over a library the index has only listed: before it files anything it reads the
 * fingerprints it lacks, so a similar-image verdict counts on the whole library; with an empty inbox it
 * reads nothing of the library.
 */
class OnceLibraryReadingTest {
    private static final LocalDateTime SHOT = LocalDateTime.of(2024, 8, 14, 13, 47, 57);

    @TempDir
    Path temp;

    @Test
    void aSmallerVersionOfAPhotoAlreadyInTheLibraryIsJudgedSimilarAtTheFirstStart() throws Exception {
        OrganizerRun run = new OrganizerRun(temp);
        Jpegs.Builder photo = Jpegs.builder().size(320, 240).seed(21).dateTimeOriginal(SHOT);
        photo.writeTo(run.dest.resolve("2024/08_Aug/20240814_134757.jpg"));
        Jpegs.builder().image(Jpegs.scaled(photo.picture(), 160, 120)).dateTimeOriginal(SHOT)
                .writeTo(run.source.resolve("smaller.jpg"));

        assertThat(run.run("--once")).isZero();

        assertThat(run.events("Similar image")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).contains("20240814_134757.jpg"));
        assertThat(run.systemLog()).anySatisfy(row ->
                assertThat(row.get(4)).startsWith("Reading the similar-image fingerprints of library photos"));
    }

    @Test
    void withAnEmptyInboxTheLibraryIsListedButNotRead() throws Exception {
        OrganizerRun run = new OrganizerRun(temp);
        Jpegs.builder().size(320, 240).seed(22).dateTimeOriginal(SHOT)
                .writeTo(run.dest.resolve("2024/08_Aug/20240814_134757.jpg"));

        assertThat(run.run("--once")).isZero();

        assertThat(run.systemLog()).anySatisfy(row ->
                assertThat(row.get(4)).isEqualTo("Library index up to date: 1 files, 1 new or changed, 0 removed"));
        assertThat(run.systemLog()).noneSatisfy(row -> assertThat(row.get(4)).startsWith("Reading"));
    }
}
