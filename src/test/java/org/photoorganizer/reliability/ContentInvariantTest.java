package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker the other reliability tests trust: it must catch each way of losing or doubling a photo. */
class ContentInvariantTest {
    @TempDir
    Path temp;

    private Path source;
    private Path dest;
    private ContentInvariant invariant;

    @BeforeEach
    void inbox() throws Exception {
        source = Files.createDirectories(temp.resolve("inbox"));
        dest = Files.createDirectories(temp.resolve("library"));
        Corpus.text(source.resolve("a.jpg"), "photo a");
        Corpus.text(source.resolve("b.jpg"), "photo b");
        Corpus.text(source.resolve("b copy.jpg"), "photo b");
        invariant = ContentInvariant.before(source, dest);
    }

    private void move(String from, String to) throws Exception {
        Files.createDirectories(dest.resolve(to).getParent());
        Files.move(source.resolve(from), dest.resolve(to));
    }

    @Test
    void aCorrectRunPasses() throws Exception {
        move("a.jpg", "2024/01_Jan/20240101_000000.jpg");
        move("b.jpg", "2024/01_Jan/20240101_000001.jpg");
        Files.delete(source.resolve("b copy.jpg"));

        assertThat(invariant.violations(source, dest, Set.of())).isEmpty();
    }

    @Test
    void aLostPhotoIsCaught() throws Exception {
        move("a.jpg", "2024/01_Jan/20240101_000000.jpg");
        Files.delete(source.resolve("b.jpg"));
        Files.delete(source.resolve("b copy.jpg"));

        assertThat(invariant.violations(source, dest, Set.of())).singleElement().asString().startsWith("LOST");
        assertThat(invariant.violationsAtAnyInstant(source, dest)).hasSize(1);
    }

    @Test
    void aPhotoBothMovedAndLeftIsCaught() throws Exception {
        Files.createDirectories(dest.resolve("2024/01_Jan"));
        Files.copy(source.resolve("a.jpg"), dest.resolve("2024/01_Jan/20240101_000000.jpg"));
        Path a = source.resolve("a.jpg").toAbsolutePath().normalize();

        assertThat(invariant.violations(source, dest, Set.of(a))).anySatisfy(problem ->
                assertThat(problem).contains("exists 2 times"));
    }

    @Test
    void theSameBytesTwiceInTheLibraryAreCaught() throws Exception {
        move("b.jpg", "2024/01_Jan/20240101_000001.jpg");
        move("b copy.jpg", "2024/01_Jan/20240101_000001_A.jpg");
        move("a.jpg", "Duplicates/20240101_000000.0001.jpg");

        assertThat(invariant.violations(source, dest, Set.of())).singleElement().asString()
                .contains("the library holds content");
    }

    @Test
    void aHalfWrittenFileAndATemporaryCopyAreCaught() throws Exception {
        move("a.jpg", "2024/01_Jan/20240101_000000.jpg");
        move("b.jpg", "2024/01_Jan/20240101_000001.jpg");
        Files.delete(source.resolve("b copy.jpg"));
        Corpus.text(dest.resolve("2024/01_Jan/20240101_000002.jpg"), "phot");
        Corpus.text(dest.resolve("2024/01_Jan/.photo-organizer-20240101_000003.jpg.tmp"), "photo");

        assertThat(invariant.violations(source, dest, Set.of())).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("content that was never given"))
                .anySatisfy(problem -> assertThat(problem).startsWith("temporary copy left behind"));
    }

    @Test
    void aPhotoLeftInTheInboxNeedsAnErrorLine() throws Exception {
        move("b.jpg", "2024/01_Jan/20240101_000001.jpg");
        Files.delete(source.resolve("b copy.jpg"));

        assertThat(invariant.violations(source, dest, Set.of())).singleElement().asString()
                .startsWith("left in the source without an Error line");
        assertThat(invariant.violations(source, dest, Set.of(source.resolve("a.jpg").toAbsolutePath().normalize())))
                .isEmpty();
    }

    @Test
    void errorLinesAreReadFromTheOperationLog() throws Exception {
        Path log = Files.writeString(temp.resolve("photo_organizer_log.csv"), """
                Log,Time,IP address,User,Event,File/Folder,File size,File name,Additional Info
                SMB,2024-01-01 00:00:00,1.2.3.4,u,File Detected,/in/x.jpg,1.00 KB,x.jpg,
                SMB,2024-01-01 00:00:00,1.2.3.4,u,Error,/in/x.jpg,1.00 KB,x.jpg,disk full
                SMB,2024-01-01 00:00:00,1.2.3.4,u,Skipped,"/in/a,b.txt",1.00 KB,"a,b.txt",not a photo
                """);

        assertThat(ContentInvariant.reportedInLog(log)).containsExactlyInAnyOrder(Path.of("/in/x.jpg"),
                Path.of("/in/a,b.txt"));
    }
}
