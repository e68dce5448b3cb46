package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind {@link PerceptualHash#DEFAULT_SIMILAR_THRESHOLD}, on a smaller deterministic slice of
 * the fixture set docs/similar-threshold.md was measured on (bursts are reported there, not asserted).
 */
class SimilarThresholdTest {

    private static final int SCENES = 120;

    @Test
    void copiesMatchAndUnrelatedPhotosDoNotAtTheDefaultThreshold(@TempDir Path dir) {
        SimilarThresholdMeasurement.Distributions measured =
                new SimilarThresholdMeasurement(new PerceptualFingerprinter(new org.photoorganizer.fs.NioFileOps())).measure(SCENES, dir, false);
        int threshold = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;
        assertThat(measured.unreadable()).isZero();
        assertThat(measured.copies()).isEqualTo(2L * SCENES);
        assertThat(measured.recall(threshold)).isGreaterThanOrEqualTo(0.99);
        assertThat(measured.falsePositiveRate(threshold)).isLessThanOrEqualTo(0.001);
    }
}
