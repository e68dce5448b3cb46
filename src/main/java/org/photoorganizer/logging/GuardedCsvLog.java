package org.photoorganizer.logging;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSV log whose write failures are never only on stdout: each row that cannot be written goes to the service
 * log in full (so every file is accounted for there) and is kept for the CSV; the first failure, and the
 * recovery, are reported once as system events through a sink that does not write this file (the DSM log,
 * and system_log.csv when that is another file).
 */
final class GuardedCsvLog {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedCsvLog.class);

    private final CsvLogFile csv;
    private final SystemEventListener problems;
    private boolean failing;

    GuardedCsvLog(CsvLogFile csv, SystemEventListener problems) {
        this.csv = csv;
        this.problems = problems;
    }

    CsvLogFile csv() {
        return csv;
    }

    void append(List<String> cells) {
        SystemEvent report = null;
        synchronized (this) {
            try {
                int kept = csv.append(cells);
                if (failing) {
                    failing = false;
                    report = SystemEvent.info(csv.file() + " can be written again; the " + kept
                            + " rows kept meanwhile were written to it now");
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot write {} ({}); the row is kept for it: {}", csv.file(), e.toString(),
                        String.join(" | ", cells));
                if (!failing) {
                    failing = true;
                    report = SystemEvent.error("Cannot write " + csv.file() + " (" + e.getMessage() + "): its rows"
                            + " are kept and written once it can be; meanwhile each one is in the service log");
                }
            }
        }
        if (report != null) {
            try {
                problems.on(report);
            } catch (RuntimeException e) {
                LOG.error("Could not report a log problem: {}", e.toString());
            }
        }
    }
}
