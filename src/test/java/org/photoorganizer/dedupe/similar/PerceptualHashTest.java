package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {

    private static final int N = PerceptualHash.INPUT_SIZE;

    @Test
    void dcBitIsClearAndTheOtherBitsSplitAtTheMedian() {
        long hash = PerceptualHash.of(noise(1));
        assertThat(hash & 1L).isZero();
        assertThat(Long.bitCount(hash)).isEqualTo(31);
    }

    @Test
    void brightnessAndContrastDoNotChangeTheHash() {
        float[] grey = noise(2);
        float[] brighter = new float[grey.length];
        for (int i = 0; i < grey.length; i++) {
            brighter[i] = grey[i] * 0.8f + 30;
        }
        assertThat(PerceptualHash.of(brighter)).isEqualTo(PerceptualHash.of(grey));
    }

    @Test
    void differentStructuresAreFarApart() {
        float[] horizontal = new float[N * N];
        float[] vertical = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                horizontal[y * N + x] = x * 8 + (float) Math.sin(y * 0.7) * 20;
                vertical[y * N + x] = y * 8 + (float) Math.sin(x * 0.7) * 20;
            }
        }
        assertThat(PerceptualHash.distance(PerceptualHash.of(horizontal), PerceptualHash.of(vertical)))
                .isGreaterThan(PerceptualHash.DEFAULT_SIMILAR_THRESHOLD * 2);
        assertThat(PerceptualHash.distance(PerceptualHash.of(noise(3)), PerceptualHash.of(noise(4))))
                .isGreaterThan(PerceptualHash.DEFAULT_SIMILAR_THRESHOLD);
    }

    @Test
    void smallNoiseMovesTheHashLittle() {
        float[] grey = smooth(5);
        float[] noisy = grey.clone();
        Random random = new Random(6);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) random.nextGaussian();
        }
        assertThat(PerceptualHash.distance(PerceptualHash.of(grey), PerceptualHash.of(noisy)))
                .isLessThanOrEqualTo(4);
    }

    @Test
    void distanceCountsDifferingBits() {
        assertThat(PerceptualHash.distance(0b1010L, 0b0110L)).isEqualTo(2);
        assertThat(PerceptualHash.distance(-1L, 0L)).isEqualTo(64);
    }

    @Test
    void rejectsWrongSize() {
        assertThatThrownBy(() -> PerceptualHash.of(new float[10])).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] noise(long seed) {
        Random random = new Random(seed);
        float[] grey = new float[N * N];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = random.nextFloat() * 255;
        }
        return grey;
    }

    /** A few soft blobs: smooth like a photo, and with energy spread over many low frequencies. */
    private static float[] smooth(long seed) {
        Random random = new Random(seed);
        float[] grey = new float[N * N];
        for (int blob = 0; blob < 6; blob++) {
            double cx = random.nextDouble() * N;
            double cy = random.nextDouble() * N;
            double radius = 3 + random.nextDouble() * 8;
            double amplitude = (random.nextDouble() - 0.5) * 200;
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (radius * radius);
                    grey[y * N + x] += (float) (amplitude * Math.exp(-r2));
                }
            }
        }
        return grey;
    }
}
