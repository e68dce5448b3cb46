package org.photoorganizer.dedupe.similar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.photoorganizer.dedupe.SimilarityLookup;

/**
 * Perceptual hashes of the library in memory, searched by Hamming distance.
 *
 * <p>A linear scan over a primitive {@code long[]}: at 1,000,000 hashes it takes about a millisecond (see
 * SimilarityIndexBenchmark and docs/similar-threshold.md), well inside the 5 ms budget, and it needs 16 bytes
 * a photo plus 12 for the id lookup that makes {@link #remove} and replacing cheap. Multi-index hashing only
 * pays off at distances much smaller than the similar threshold (at distance 10 a 64-bit hash splits into
 * 11 chunks of under 6 bits, so each probe still visits most of the buckets). Hashes of only one algorithm
 * version belong in one index. Thread-safe; lookups hold the lock for the length of one scan.
 */
public final class SimilarityIndex implements SimilarityLookup {

    private static final int DEFAULT_CAPACITY = 1024;

    private long[] ids;
    private long[] hashes;
    private int size;
    private final IdPositions positions;

    public SimilarityIndex() {
        this(DEFAULT_CAPACITY);
    }

    /** @param expectedSize sizes the arrays once, so that building a large index does not copy them repeatedly */
    public SimilarityIndex(int expectedSize) {
        int capacity = Math.max(16, expectedSize);
        ids = new long[capacity];
        hashes = new long[capacity];
        positions = new IdPositions(capacity);
    }

    /** Adds the entry, or replaces the hash when the id is already present. */
    @Override
    public synchronized void add(long id, long hash) {
        int existing = positions.get(id);
        if (existing >= 0) {
            hashes[existing] = hash;
            return;
        }
        if (size == ids.length) {
            int capacity = ids.length + (ids.length >> 1);
            ids = Arrays.copyOf(ids, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        ids[size] = id;
        hashes[size] = hash;
        positions.put(id, size);
        size++;
    }

    /** @return whether the id was present */
    @Override
    public synchronized boolean remove(long id) {
        int position = positions.remove(id);
        if (position < 0) {
            return false;
        }
        int last = size - 1;
        if (position != last) {
            ids[position] = ids[last];
            hashes[position] = hashes[last];
            positions.put(ids[position], position);
        }
        size--;
        return true;
    }

    public synchronized int size() {
        return size;
    }

    /** Every entry within {@code maxDistance} of {@code hash}, nearest first, ties by id. */
    @Override
    public List<Match> within(long hash, int maxDistance) {
        List<Match> matches = new ArrayList<>();
        synchronized (this) {
            long[] scanned = hashes;
            for (int i = 0; i < size; i++) {
                int distance = Long.bitCount(scanned[i] ^ hash);
                if (distance <= maxDistance) {
                    matches.add(new Match(ids[i], distance));
                }
            }
        }
        matches.sort(Comparator.comparingInt(Match::distance).thenComparingLong(Match::id));
        return matches;
    }

    /** Open-addressing map from id to array position; a boxed HashMap would cost ~80 MB at a million ids. */
    private static final class IdPositions {
        private static final long EMPTY = Long.MIN_VALUE;
        private long[] keys;
        private int[] values;
        private int count;
        private boolean hasEmptyKey;
        private int emptyKeyValue;

        IdPositions(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected + expected / 3)) << 1;
            keys = new long[capacity];
            values = new int[capacity];
            Arrays.fill(keys, EMPTY);
        }

        int get(long key) {
            if (key == EMPTY) {
                return hasEmptyKey ? emptyKeyValue : -1;
            }
            int slot = find(keys, key);
            return keys[slot] == key ? values[slot] : -1;
        }

        void put(long key, int value) {
            if (key == EMPTY) {
                hasEmptyKey = true;
                emptyKeyValue = value;
                return;
            }
            int slot = find(keys, key);
            if (keys[slot] != key) {
                keys[slot] = key;
                count++;
            }
            values[slot] = value;
            // At most three quarters full: 2^21 slots still hold 1.5 million ids (24 MB) without doubling.
            if ((long) count * 4 > (long) keys.length * 3) {
                grow();
            }
        }

        int remove(long key) {
            if (key == EMPTY) {
                if (!hasEmptyKey) {
                    return -1;
                }
                hasEmptyKey = false;
                return emptyKeyValue;
            }
            int slot = find(keys, key);
            if (keys[slot] != key) {
                return -1;
            }
            int removed = values[slot];
            keys[slot] = EMPTY;
            count--;
            // Backward-shift deletion keeps probe chains intact without tombstones.
            int mask = keys.length - 1;
            int hole = slot;
            int next = (slot + 1) & mask;
            while (keys[next] != EMPTY) {
                int home = home(keys[next], mask);
                boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
                if (movable) {
                    keys[hole] = keys[next];
                    values[hole] = values[next];
                    keys[next] = EMPTY;
                    hole = next;
                }
                next = (next + 1) & mask;
            }
            return removed;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            Arrays.fill(keys, EMPTY);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = find(keys, oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }

        private static int find(long[] table, long key) {
            int mask = table.length - 1;
            int slot = home(key, mask);
            while (table[slot] != EMPTY && table[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static int home(long key, int mask) {
            long mixed = key * 0x9E3779B97F4A7C15L;
            return (int) (mixed ^ (mixed >>> 32)) & mask;
        }
    }
}
