package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conf/cds.classlist, the classes the package archives at its first start (spk/scripts/common, cds_archive):
 * written by scripts/cds-classlist, it goes stale when classes are renamed. A class it names that no longer
 * exists is only passed over by the archiver, but the renamed one is then read from the jar again.
 */
class CdsClassListTest {
    private static final Path LIST = SimulatedDsm.repo().resolve("conf/cds.classlist");

    private static List<String> ourClasses() throws Exception {
        return Files.readAllLines(LIST).stream().filter(line -> line.startsWith("org/photoorganizer/")).toList();
    }

    @Test
    void everyClassOfOursItNamesExists() throws Exception {
        Path classes = SimulatedDsm.repo().resolve("target/classes");
        assertThat(ourClasses()).isNotEmpty().allSatisfy(name -> assertThat(classes.resolve(name + ".class"))
                .as("run scripts/cds-classlist after renaming a class").exists());
    }

    @Test
    void itHoldsTheClassesOfFilingABatchAndOfTheWatchingServiceWithItsReviewPage() throws Exception {
        assertThat(ourClasses()).contains("org/photoorganizer/app/Main", "org/photoorganizer/pipeline/Pipeline",
                "org/photoorganizer/date/MetadataCaptureDateExtractor", "org/photoorganizer/move/SafeMover",
                "org/photoorganizer/dedupe/similar/JpegDcDecoder$Bits", "org/photoorganizer/dedupe/similar/PngLuma",
                "org/photoorganizer/watch/SettlingQueue", "org/photoorganizer/review/LoopbackHttpServer");
    }
}
