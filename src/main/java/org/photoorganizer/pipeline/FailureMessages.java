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
            if (reason.contains("No space left")) {
                return "disk full: " + fs.getFile();
            }
            return reason + ": " + fs.getFile();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
