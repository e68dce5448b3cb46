package org.photoorganizer.synology;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;

/**
 * Keeps the DSM media index (Synology Photos, File Station thumbnails) in step with the library by
 * calling {@code synoindex -a FILE} for every path that now holds a file and {@code synoindex -d FILE}
 * for every path that no longer does. Per-file flags, not the original's folder flags {@code -A/-D},
 * which re-scan whole folders.
 *
 * <table>
 *   <caption>What each event sends</caption>
 *   <tr><th>Event</th><th>Calls</th></tr>
 *   <tr><td>Filed</td><td>{@code -d source}, {@code -a target}</td></tr>
 *   <tr><td>DuplicateDeleted, DeletedByUser</td><td>{@code -d source}</td></tr>
 *   <tr><td>MovedToDuplicates</td><td>{@code -d source}, {@code -a target}</td></tr>
 *   <tr><td>SimilarImage</td><td>{@code -d source} (unless it is where {@code better} now is),
 *       {@code -a lesserTarget}, {@code -a better}</td></tr>
 *   <tr><td>Detected, Skipped, Failed</td><td>nothing: no file changed place</td></tr>
 * </table>
 *
 * <p>The inbox usually lies inside the indexed photo share ({@code /volume1/photo/PhotosToProcess}),
 * so DSM may already have indexed an incoming file; {@code -d source} removes that entry, which would
 * otherwise show as a broken thumbnail. {@code Duplicates/} lies in the share too and DSM's own
 * watcher would index it anyway, so it is indexed here rather than leaving the index inconsistent.
 * For a similar pair {@code better} is re-indexed because it may be the incoming file that has just
 * taken the lesser one's place; re-adding an unchanged file is harmless.
 *
 * <p>Paths are passed as absolute {@code /volumeN/...} paths, the form synoindex expects, and always
 * as one argument each, so names with spaces, a leading {@code -} or shell syntax reach it intact.
 *
 * <p>Opt-in ({@code [synology] index_media}) and best effort: whether DSM 7 lets a package user run synoindex
 * is not documented. {@link #unavailableReason(String)} lets the service say at start that the tool is missing;
 * the first call that fails is reported once, and after it the listener calls nothing until the service
 * restarts, so a NAS where the tool cannot work pays no process per file and gets no warning per file.
 */
public final class SynoIndexListener implements PipelineListener {

    public static final String DEFAULT_PROGRAM = "synoindex";

    private static final String AFTER_FAILURE = "synoindex is not called again until the service restarts"
            + " ([synology] index_media = false turns this off).";

    private final DsmCommands commands;
    private final String program;
    private volatile boolean failed;

    public SynoIndexListener(CommandRunner runner, WarnOnce warnings) {
        this(runner, warnings, DEFAULT_PROGRAM, CommandRunner.DEFAULT_TIMEOUT);
    }

    /** @param program the synoindex executable, a name looked up on PATH or an absolute path */
    public SynoIndexListener(CommandRunner runner, WarnOnce warnings, String program, Duration timeout) {
        this.program = Objects.requireNonNull(program, "program");
        this.commands = new DsmCommands(runner, warnings, timeout, "the Synology media index");
    }

    /**
     * Empty when {@code program} can be run: an absolute path to an executable file, or a name found as an
     * executable file in one of the {@code pathVariable} folders; otherwise why not, for one start-up warning.
     */
    public static Optional<String> unavailableReason(String program, String pathVariable) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? Optional.empty()
                    : Optional.of(program + " does not exist or is not executable");
        }
        for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, program)) && Files.isExecutable(Path.of(dir, program))) {
                return Optional.empty();
            }
        }
        return Optional.of(program + " was not found on PATH (" + pathVariable + ")");
    }

    /** True once a call has failed: nothing more is sent until the service restarts. */
    public boolean stopped() {
        return failed;
    }

    @Override
    public void on(PipelineEvent event) {
        if (failed) {
            return;
        }
        // Java 17 has no pattern switch; the sealed interface keeps this list honest in review.
        if (event instanceof PipelineEvent.Filed e) {
            remove(e.source());
            add(e.target());
        } else if (event instanceof PipelineEvent.DuplicateDeleted e) {
            remove(e.source());
        } else if (event instanceof PipelineEvent.DeletedByUser e) {
            remove(e.source());
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            remove(e.source());
            add(e.target());
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            if (!e.source().equals(e.better())) {
                remove(e.source());
            }
            add(e.lesserTarget());
            add(e.better());
        }
        // Detected, Skipped, Failed: no file changed place.
    }

    private void add(Path file) {
        call("-a", file);
    }

    private void remove(Path file) {
        call("-d", file);
    }

    private void call(String flag, Path file) {
        if (!failed && !commands.run(List.of(program, flag, absolute(file)), AFTER_FAILURE)) {
            failed = true;
        }
    }

    /** Absolute, so a name beginning with '-' can never be read as an option. */
    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
