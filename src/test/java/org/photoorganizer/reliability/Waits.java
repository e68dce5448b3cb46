package org.photoorganizer.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition (the test's, not the service's: the service itself must not poll). */
final class Waits {
    private Waits() {}

    static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return until(timeout, Duration.ofMillis(50), condition);
    }

    static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(interval.toMillis());
        }
        return condition.getAsBoolean();
    }
}
