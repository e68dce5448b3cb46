package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.photoorganizer.format.Completeness;
import org.photoorganizer.fs.FileOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's first stage: a file is taken only when its own structure says it is complete. One that
 * looks cut short waits (no row, one line in the service log, handed back through {@link Revisits}) until
 * it is complete, or until the grace time has passed since its last change: then it is filed as it is, and
 * its row says it looked incomplete. A format without a rule is taken on the quiet time alone.
 */
final class IncompleteFiles {
    private static final Logger LOG = LoggerFactory.getLogger(IncompleteFiles.class);
    private static final int REMEMBERED_FILES = 10_000;

    private final FileOps files;
    private final Safeguards safeguards;
    private final Duration grace;
    /** Files filed as they are after the grace time: what their row says about it. */
    private final Map<Path, String> notes = bounded();
    /** Files taken on the quiet time alone (no rule for their format). */
    private final Set<Path> quietOnly = Collections.newSetFromMap(bounded());
    /** The reason last written to the service log for each waiting file, so it is said once. */
    private final Map<Path, String> logged = bounded();

    IncompleteFiles(FileOps files, Safeguards safeguards, Duration grace) {
        this.files = files;
        this.safeguards = safeguards;
        this.grace = grace;
    }

    /** True when the file may go on through the pipeline; false when it waits (and was handed back). */
    boolean mayBeFiled(Path source) throws IOException {
        return mayBeFiled(source, null);
    }

    /** Like {@link #mayBeFiled(Path)}, with the check's verdict when it was made ahead (null: check now). */
    boolean mayBeFiled(Path source, Inspection.Read<Completeness> checked) throws IOException {
        notes.remove(source);
        quietOnly.remove(source);
        Completeness verdict = checked != null ? checked.get() : safeguards.completeness().check(source);
        if (!verdict.isIncomplete()) {
            if (verdict.verdict() == Completeness.Verdict.NO_RULE) {
                quietOnly.add(source);
            }
            logged.remove(source);
            return true;
        }
        Instant changed = files.lastChanged(source);
        Duration since = Duration.between(changed, safeguards.clock().instant());
        if (since.compareTo(grace) >= 0) {
            notes.put(source, "it looked incomplete (" + verdict.describe() + ") and had not changed for "
                    + words(grace) + ": filed as it is");
            LOG.warn("{} still looks incomplete ({}) after {} without change: filing it as it is", source,
                    verdict.describe(), words(grace));
            logged.remove(source);
            return true;
        }
        if (!verdict.describe().equals(logged.put(source, verdict.describe()))) {
            LOG.info("{} looks incomplete ({}): waiting for the rest; filed as it is if it does not change for {}",
                    source, verdict.describe(), words(grace));
        }
        safeguards.revisits().incomplete(source, verdict.describe(), grace.minus(since));
        return false;
    }

    /** The note for the row of a filed file: that it looked incomplete, if so, then {@code other}. */
    String noteFor(Path source, String other) {
        String incomplete = notes.remove(source);
        if (incomplete == null) {
            return other;
        }
        return other.isEmpty() ? incomplete : incomplete + "; " + other;
    }

    /** True (once) when the file was taken on the quiet time alone. */
    boolean quietTimeOnly(Path source) {
        return quietOnly.remove(source);
    }

    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    private static <V> Map<Path, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, V> eldest) {
                return size() > REMEMBERED_FILES;
            }
        };
    }
}
