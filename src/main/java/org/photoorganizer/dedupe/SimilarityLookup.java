package org.photoorganizer.dedupe;

import java.util.List;

/** The in-memory set of library fingerprints the similar-image check searches. */
public interface SimilarityLookup {

    /** A library file whose hash is within the asked distance. */
    record Match(long id, int distance) {}

    /** Matches within {@code maxDistance} bits of {@code hash}, nearest first. */
    List<Match> within(long hash, int maxDistance);

    void add(long id, long hash);

    /** @return whether the id was present */
    boolean remove(long id);
}
