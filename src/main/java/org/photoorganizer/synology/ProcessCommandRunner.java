package org.photoorganizer.synology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner} on {@link ProcessBuilder}. The argument vector goes straight to exec, so file
 * names containing spaces, quotes, {@code ;} or {@code $(…)} are never interpreted. Stdin is closed at
 * once (a DSM tool that prompts must not hang the pipeline until the timeout), stdout and stderr are
 * merged and drained on a helper thread (a chatty child must not block on a full pipe), and a process
 * that outlives its timeout is killed together with anything it started.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** Enough for an error message; the rest is read and dropped so the child never blocks. */
    static final int MAX_OUTPUT_BYTES = 16 * 1024;

    /** How long a killed process gets to exit after SIGTERM before SIGKILL. */
    private static final Duration KILL_GRACE = Duration.ofMillis(500);

    /** How long to wait for the output pipe to reach EOF once the process has exited. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        List<String> command = List.copyOf(argv);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return startFailure(command.get(0), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child may already have exited; a stdin it never reads is harmless.
        }
        OutputDrain drain = new OutputDrain(process.getInputStream(), command.get(0));
        drain.start();
        try {
            if (!process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                kill(process);
                return CommandResult.timedOut(drain.finish(),
                        "no exit after " + timeout.toMillis() + " ms, killed");
            }
            return CommandResult.exited(process.exitValue(), drain.finish());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return CommandResult.failed("interrupted while waiting for " + command.get(0));
        }
    }

    private static CommandResult startFailure(String program, IOException e) {
        String message = String.valueOf(e.getMessage());
        // ProcessBuilder reports exec's errno only in the message text: "error=2, No such file or directory".
        if (message.contains("error=2,") || message.contains("No such file or directory")) {
            return CommandResult.notFound(program + ": not found");
        }
        return CommandResult.failed(program + ": " + message);
    }

    private static void kill(Process process) {
        // Descendants first: a shell wrapper killed before its child would orphan the child.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the merged output to EOF, keeping the first {@link #MAX_OUTPUT_BYTES}. */
    private static final class OutputDrain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        OutputDrain(InputStream in, String program) {
            super("command-output-" + program);
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT_BYTES - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException ignored) {
                // The pipe closes under us when the process is killed; what was read so far is kept.
            }
        }

        /**
         * The output so far. A grandchild that inherited the pipe can keep it open after the process
         * exits, so the wait is bounded rather than a plain join.
         */
        String finish() throws InterruptedException {
            join(DRAIN_GRACE.toMillis());
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
