package org.photoorganizer.index;

import java.util.function.BooleanSupplier;

/** How background work on the index gives way to the pipeline: it waits while the pipeline has files to do. */
@FunctionalInterface
public interface Yield {

    /** Returns once the pipeline has nothing to do, or at once when {@code cancelled} says so. */
    void await(BooleanSupplier cancelled);

    /** Never waits: for work that runs before the pipeline starts, and for tests. */
    Yield NEVER = cancelled -> { };
}
