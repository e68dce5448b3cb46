package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.photoorganizer.dedupe.SimilarityLookup.Match;

class SimilarityIndexTest {

    @Test
    void findsExactlyWhatABruteForceScanFinds() {
        Random random = new Random(1);
        SimilarityIndex index = new SimilarityIndex(16);
        Map<Long, Long> reference = new LinkedHashMap<>();
        long[] centres = new long[50];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random.nextLong();
        }
        for (int i = 0; i < 20_000; i++) {
            long id = random.nextLong();
            // Clusters around a few centres, so that small distances actually occur.
            long hash = random.nextInt(3) == 0 ? random.nextLong() : flipBits(centres[random.nextInt(50)], random);
            index.add(id, hash);
            reference.put(id, hash);
        }
        assertSameAsBruteForce(index, reference, random);

        List<Long> ids = new ArrayList<>(reference.keySet());
        for (int i = 0; i < ids.size(); i += 2) {
            assertThat(index.remove(ids.get(i))).isTrue();
            reference.remove(ids.get(i));
        }
        for (int i = 1; i < ids.size(); i += 7) {
            long hash = flipBits(centres[0], random);
            index.add(ids.get(i), hash);
            reference.put(ids.get(i), hash);
        }
        assertThat(index.size()).isEqualTo(reference.size());
        assertSameAsBruteForce(index, reference, random);
    }

    @Test
    void nearestFirstThenById() {
        SimilarityIndex index = new SimilarityIndex();
        index.add(5, 0b111L);
        index.add(3, 0b001L);
        index.add(4, 0b000L);
        index.add(2, 0b011L);
        index.add(1, 0b010L);
        assertThat(index.within(0L, 2)).containsExactly(new Match(4, 0), new Match(1, 1), new Match(3, 1),
                new Match(2, 2));
    }

    @Test
    void addingAKnownIdReplacesItsHash() {
        SimilarityIndex index = new SimilarityIndex();
        index.add(7, 0L);
        index.add(7, -1L);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.within(0L, 10)).isEmpty();
        assertThat(index.within(-1L, 0)).containsExactly(new Match(7, 0));
    }

    @Test
    void anyLongIsAValidId() {
        SimilarityIndex index = new SimilarityIndex();
        for (long id : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}) {
            index.add(id, id);
        }
        assertThat(index.remove(Long.MIN_VALUE)).isTrue();
        assertThat(index.remove(Long.MIN_VALUE)).isFalse();
        assertThat(index.remove(12345)).isFalse();
        assertThat(index.within(0L, 0)).containsExactly(new Match(0, 0));
        assertThat(index.size()).isEqualTo(3);
    }

    private static void assertSameAsBruteForce(SimilarityIndex index, Map<Long, Long> reference, Random random) {
        List<Long> hashes = new ArrayList<>(reference.values());
        for (int q = 0; q < 200; q++) {
            long query = flipBits(hashes.get(random.nextInt(hashes.size())), random);
            for (int maxDistance : new int[] {0, 3, 10, 20}) {
                List<Match> expected = new ArrayList<>();
                reference.forEach((id, hash) -> {
                    int d = Long.bitCount(hash ^ query);
                    if (d <= maxDistance) {
                        expected.add(new Match(id, d));
                    }
                });
                expected.sort(Comparator.comparingInt(Match::distance).thenComparingLong(Match::id));
                assertThat(index.within(query, maxDistance)).isEqualTo(expected);
            }
        }
    }

    private static long flipBits(long hash, Random random) {
        long flipped = hash;
        int flips = random.nextInt(12);
        for (int i = 0; i < flips; i++) {
            flipped ^= 1L << random.nextInt(64);
        }
        return flipped;
    }
}
