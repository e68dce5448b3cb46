package org.photoorganizer.pipeline;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/** Turns an exception into a message a NAS user can act on, without a stack trace. */
final class FailureMessages {
    private FailureMessages() {}

    static String describe(Throwable e) {
        Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (cause instanceof NoSuchFileException missing) {
            return Objects.requireNonNullElse(missing.getReason(), "file not found: " + missing.getFile());
        }
        if (cause instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
            if (reason.contains("No space left") || reason.contains("Disk quota exceeded")) {
                return "disk full: " + fs.getFile();
            }
            if (reason.contains("Read-only file system")) {
                return "the destination is read-only: " + fs.getFile();
            }
            return reason + ": " + fs.getFile();
        }
        String message = cause.getMessage();
        if (message != null && (message.contains("No space left") || message.contains("Disk quota exceeded")
                || message.contains("database or disk is full"))) {
            return "disk full (" + message + ")";
        }
        if (message != null && (message.contains("Read-only file system") || message.contains("readonly database"))) {
            return "the destination is read-only (" + message + ")";
        }
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * True when the destination could not take the file (full, over quota, read-only), including the index
     * on the same disk: not the file's fault, so it is retried once the destination may have room again.
     */
    static boolean isDestinationProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String text = cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : String.valueOf(cause.getMessage());
            if (text.contains("No space left") || text.contains("Disk quota exceeded")
                    || text.contains("Read-only file system") || text.contains("database or disk is full")
                    || text.contains("SQLITE_FULL") || text.contains("readonly database")
                    || text.contains("SQLITE_READONLY")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
