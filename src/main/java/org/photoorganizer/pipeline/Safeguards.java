package org.photoorganizer.pipeline;

import java.time.Clock;
import org.photoorganizer.format.CompletenessCheck;
import org.photoorganizer.fs.FileOps;

/**
 * What keeps the pipeline from filing a file too early or losing track of it: the completeness check,
 * the clock the grace time is measured with, where files it leaves for now are handed back
 * ({@link Revisits}), and the journal of log rows owed across a crash ({@link OwedRows}).
 */
public record Safeguards(CompletenessCheck completeness, Clock clock, Revisits revisits, OwedRows owedRows) {

    /** The real completeness check through {@code files}, the system clock, no revisits, no owed-row journal. */
    public static Safeguards defaults(FileOps files) {
        return new Safeguards(new CompletenessCheck(files), Clock.systemDefaultZone(), Revisits.NONE, OwedRows.NONE);
    }

    public Safeguards withRevisits(Revisits revisits) {
        return new Safeguards(completeness, clock, revisits, owedRows);
    }

    public Safeguards withOwedRows(OwedRows owedRows) {
        return new Safeguards(completeness, clock, revisits, owedRows);
    }

    public Safeguards withClock(Clock clock) {
        return new Safeguards(completeness, clock, revisits, owedRows);
    }
}
