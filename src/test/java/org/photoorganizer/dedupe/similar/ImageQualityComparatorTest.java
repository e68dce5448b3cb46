package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.similar.ImageQualityComparator.Candidate;
import org.photoorganizer.dedupe.similar.ImageQualityComparator.Keep;

class ImageQualityComparatorTest {

    private final ImageQualityComparator comparator = new ImageQualityComparator();

    @Test
    void morePixelsWinsOverDepthAndBytes() {
        Candidate big = candidate(4000, 3000, 24, 2_000_000);
        Candidate deepButSmall = candidate(2000, 1500, 48, 9_000_000);
        assertThat(comparator.better(deepButSmall, big)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(big, deepButSmall)).isEqualTo(Keep.LIBRARY_FILE);
    }

    @Test
    void atEqualPixelsDepthWinsOverBytes() {
        Candidate deep = candidate(4000, 3000, 48, 1_000_000);
        Candidate heavy = candidate(3000, 4000, 24, 8_000_000);
        assertThat(comparator.better(heavy, deep)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(deep, heavy)).isEqualTo(Keep.LIBRARY_FILE);
    }

    @Test
    void atEqualPixelsAndDepthTheLargerFileWins() {
        Candidate light = candidate(4000, 3000, 24, 1_000_000);
        Candidate heavy = candidate(4000, 3000, 24, 1_000_001);
        assertThat(comparator.better(light, heavy)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(heavy, light)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.compare(heavy, light)).isPositive();
        assertThat(comparator.compare(light, heavy)).isNegative();
    }

    @Test
    void aTieKeepsTheLibraryFile() {
        Candidate a = candidate(4000, 3000, 24, 1_000_000);
        Candidate b = candidate(4000, 3000, 24, 1_000_000);
        assertThat(comparator.better(a, b)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.compare(a, b)).isZero();
    }

    private static Candidate candidate(int width, int height, int bits, long bytes) {
        return new Candidate(new ImageFingerprint(0L, PerceptualHash.ALGORITHM_VERSION, width, height, bits), bytes);
    }
}
