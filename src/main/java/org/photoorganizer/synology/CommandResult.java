package org.photoorganizer.synology;

import java.util.Objects;

/**
 * What happened when a command was run.
 *
 * @param status   whether the command ran to completion, and if not, why
 * @param exitCode the exit code when {@code status} is {@link Status#EXITED}, otherwise {@code -1}
 * @param output   stdout and stderr interleaved (possibly truncated); empty when the command did not run
 * @param detail   a short human-readable reason for a non-{@code EXITED} status; empty otherwise
 */
public record CommandResult(Status status, int exitCode, String output, String detail) {

    public enum Status {
        /** The process ran and exited by itself; see {@code exitCode}. */
        EXITED,
        /** The program does not exist (not on PATH, or the given path is missing). */
        NOT_FOUND,
        /** The process did not finish within its timeout and was killed. */
        TIMED_OUT,
        /** The process could not be started for another reason (permissions, I/O), or waiting was interrupted. */
        FAILED
    }

    public CommandResult {
        Objects.requireNonNull(status, "status");
        output = output == null ? "" : output;
        detail = detail == null ? "" : detail;
    }

    public static CommandResult exited(int exitCode, String output) {
        return new CommandResult(Status.EXITED, exitCode, output, "");
    }

    public static CommandResult notFound(String detail) {
        return new CommandResult(Status.NOT_FOUND, -1, "", detail);
    }

    public static CommandResult timedOut(String output, String detail) {
        return new CommandResult(Status.TIMED_OUT, -1, output, detail);
    }

    public static CommandResult failed(String detail) {
        return new CommandResult(Status.FAILED, -1, "", detail);
    }

    /** True when the command ran and exited with 0. */
    public boolean succeeded() {
        return status == Status.EXITED && exitCode == 0;
    }
}
