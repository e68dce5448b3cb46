package org.photoorganizer.review;

/** A request the review page turns down, with the HTTP status and a message for the person. */
final class Refusal extends Exception {
    private final int status;

    Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
