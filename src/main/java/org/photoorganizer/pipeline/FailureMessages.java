package org.photoorganizer.pipeline;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;

/** Turns an exception into a message a NAS user can act on, without a stack trace. */
final class FailureMessages {
    private FailureMessages() {}

    static String describe(Throwable e) {
        Optional<String> destination = destinationProblem(e);
        if (destination.isPresent()) {
            return destination.get();
        }
        Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (cause instanceof NoSuchFileException missing) {
            return Objects.requireNonNullElse(missing.getReason(), "file not found: " + missing.getFile());
        }
        if (cause instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
            return reason + ": " + fs.getFile();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * True when the destination could not take the file (full, over quota, read-only), including the index
     * on the same disk: not the file's fault, so it is retried once the destination may have room again.
     */
    static boolean isDestinationProblem(Throwable e) {
        return destinationProblem(e).isPresent();
    }

    /**
     * A full or read-only destination anywhere in the chain of causes: the index store, for one, wraps the
     * file system's "No space left on device" in exceptions of its own.
     */
    private static Optional<String> destinationProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String text = cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : String.valueOf(cause.getMessage());
            String where = cause instanceof FileSystemException fs && fs.getFile() != null ? ": " + fs.getFile()
                    : " (" + text + ")";
            if (text.contains("No space left") || text.contains("Disk quota exceeded")) {
                return Optional.of("disk full" + where);
            }
            if (text.contains("Read-only file system")) {
                return Optional.of("the destination is read-only" + where);
            }
        }
        return Optional.empty();
    }
}
