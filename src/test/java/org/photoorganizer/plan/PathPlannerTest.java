package org.photoorganizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.photoorganizer.date.CaptureDate;

class PathPlannerTest {
    private static final Path ROOT = Path.of("/volume1/photo");
    private final PathPlanner planner = new PathPlanner(ROOT, new FolderPattern("{yyyy}/{MM}_{Mmm}"));
    private final CaptureDate date = CaptureDate.of(LocalDateTime.of(2024, 8, 14, 13, 47, 57),
            CaptureDate.Source.EXIF_ORIGINAL);

    private static List<String> first(Iterator<Path> names, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(ROOT.relativize(names.next()).toString());
        }
        return out;
    }

    @Test
    void libraryNamesAreTheCaptureSecondThenLetters() {
        List<String> names = first(planner.libraryCandidates(Optional.of(date), "IMG_1234.JPG"), 29);

        assertThat(names.subList(0, 3)).containsExactly("2024/08_Aug/20240814_134757.JPG",
                "2024/08_Aug/20240814_134757_A.JPG", "2024/08_Aug/20240814_134757_B.JPG");
        assertThat(names.get(26)).isEqualTo("2024/08_Aug/20240814_134757_Z.JPG");
        assertThat(names.get(27)).isEqualTo("2024/08_Aug/20240814_134757_AA.JPG");
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void undatedFilesKeepTheirNameInNoDateFound() {
        assertThat(first(planner.libraryCandidates(Optional.empty(), "scan 1.png"), 2))
                .containsExactly("NoDateFound/scan 1.png", "NoDateFound/scan 1_A.png");
    }

    @Test
    void duplicatesUseSubsecondsFirstThenASequence() {
        CaptureDate withSubseconds = new CaptureDate(date.dateTime(), OptionalInt.of(3519), Optional.empty(),
                CaptureDate.Source.FILE_TIME);

        assertThat(first(planner.duplicateCandidates(Optional.of(withSubseconds), "a.jpg"), 3)).containsExactly(
                "Duplicates/20240814_134757.3519.jpg", "Duplicates/20240814_134757.0001.jpg",
                "Duplicates/20240814_134757.0002.jpg");
        assertThat(first(planner.duplicateCandidates(Optional.of(date), "a.jpg"), 2)).containsExactly(
                "Duplicates/20240814_134757.0001.jpg", "Duplicates/20240814_134757.0002.jpg");
        assertThat(first(planner.duplicateCandidates(Optional.empty(), "scan.png"), 1))
                .containsExactly("Duplicates/scan.0001.png");
    }

    @Test
    void folderPatternsRenderEnglishMonthsAndKnowTheirOwnTopFolders() {
        FolderPattern pattern = new FolderPattern("{yyyy}/{MM}_{Mmm}");
        assertThat(pattern.render(LocalDateTime.of(2024, 1, 2, 3, 4))).isEqualTo("2024/01_Jan");
        assertThat(new FolderPattern("{yyyy}-{MM}/{dd} {Mmmm}").render(LocalDateTime.of(2024, 12, 5, 0, 0)))
                .isEqualTo("2024-12/05 December");
        assertThat(pattern.matchesTopLevelFolder("2024")).isTrue();
        assertThat(pattern.matchesTopLevelFolder("Family")).isFalse();
        assertThat(pattern.matchesTopLevelFolder("PhotosToProcess")).isFalse();
        assertThat(new FolderPattern("{yyyy}-{MM}").matchesTopLevelFolder("2024-08")).isTrue();
    }
}
