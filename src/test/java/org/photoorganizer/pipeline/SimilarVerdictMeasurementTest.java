package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.ImageTools;

/** A CI-sized slice of {@link SimilarVerdictMeasurement}: every promise of docs/similar-threshold.md "Verdicts". */
class SimilarVerdictMeasurementTest {

    @Test
    void copiesAreFoundEditsNeverWinAndDifferentPicturesAreNeverSimilar(@TempDir Path dir) throws Exception {
        ImageTools.requireImageMagickAndExiftool();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SimilarVerdictMeasurement.Figures figures = new SimilarVerdictMeasurement(dir, 1200, 900,
                new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8)).measure(4, 20, 6);

        String details = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(figures.resizedFound()).as(details).isEqualTo(4);
        assertThat(figures.recompressedFound()).as(details).isEqualTo(4);
        assertThat(figures.strippedFound()).as(details).isEqualTo(4);
        assertThat(figures.editsKeepingThePlace()).as(details).isZero();
        assertThat(figures.falseVerdicts()).as(details).isZero();
        assertThat(figures.closePairs()).as("dusk and night scenes within the threshold were tried").isPositive();
        assertThat(figures.confirmMillis()).isNotEmpty();
    }
}
