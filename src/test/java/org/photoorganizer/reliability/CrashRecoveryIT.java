package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * kill -9 at seeded random moments while the real jar files 1,000 mixed files, then restart until it
 * finishes: nothing may be lost, duplicated or left half-written, and the restart must finish what the
 * crash interrupted. Runs and seed: {@code -Dreliability.crashRuns=30 -Dreliability.seed=...}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {
    private static final int FILES = 1000;
    private static final long SEED = Long.getLong("reliability.seed", 20_261_124L);
    private static final int RUNS = Integer.getInteger("reliability.crashRuns", 30);

    private static Path work;
    private static Path template;
    private static long referenceMillis;

    @BeforeAll
    static void writeCorpusOnce() throws IOException {
        work = ProcessRunner.workRoot("crash-it");
        template = work.resolve("template");
        Corpus.write(template, FILES, SEED);
    }

    /** An uninterrupted run: it must already keep the invariant, and it times the window to kill in. */
    @Test
    @Order(1)
    void anUninterruptedRunKeepsTheInvariant() throws Exception {
        Path runDir = Files.createDirectories(work.resolve("reference"));
        Path source = runDir.resolve("inbox");
        Path dest = Files.createDirectories(runDir.resolve("library"));
        Corpus.copyTree(template, source);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        String[] args = {"--once", "--config", ProcessRunner.configFile(runDir, false, 0.5).toString(), "--source",
                source.toString(), "--dest", dest.toString()};
        long start = System.nanoTime();
        int exit = ProcessRunner.await(ProcessRunner.startJar(runDir.resolve("output.txt"), args), 300);
        referenceMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(exit).as("exit code (1: the corpus holds files that must fail)").isEqualTo(1);
        assertThat(invariant.violations(source, dest,
                ContentInvariant.reportedInLog(dest.resolve("photo_organizer_log.csv")))).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
        ProcessRunner.deleteTree(runDir);
    }

    @AfterAll
    static void cleanUp() {
        ProcessRunner.deleteTree(work);
    }

    @Test
    @Order(2)
    void nothingIsLostWhenTheServiceIsKilledAtRandomMomentsAndRestarted() throws Exception {
        List<String> failures = new ArrayList<>();
        int kills = 0;
        int recoveredRuns = 0;
        // One generator for all runs: the first draws of Randoms with neighbouring seeds are nearly equal.
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            Path runDir = Files.createDirectories(work.resolve("run" + run));
            Path source = runDir.resolve("inbox");
            Path dest = Files.createDirectories(runDir.resolve("library"));
            Corpus.copyTree(template, source);
            ContentInvariant invariant = ContentInvariant.before(source, dest);
            Path config = ProcessRunner.configFile(runDir, run % 2 == 0, 0.5);
            Path output = runDir.resolve("output.txt");
            String[] args = {"--once", "--config", config.toString(), "--source", source.toString(), "--dest",
                    dest.toString()};

            int crashes = 1 + random.nextInt(2);
            for (int crash = 0; crash < crashes; crash++) {
                // The first kill falls well inside the time a whole run takes (runs with delete=true are
                // quicker than the reference), so every run is hit at least once.
                double share = crash == 0 ? 0.6 : 1.0;
                long delay = 200 + (long) (random.nextDouble() * share * (referenceMillis > 0 ? referenceMillis - 200 : 5000));
                Process process = ProcessRunner.startJar(output, args);
                if (process.waitFor(delay, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    continue;
                }
                ProcessRunner.kill9(process);
                kills++;
                for (String problem : invariant.violationsAtAnyInstant(source, dest)) {
                    failures.add("run " + run + ", right after kill -9 at " + delay + " ms: " + problem);
                }
            }
            int exit = ProcessRunner.await(ProcessRunner.startJar(output, args), 120);
            if (exit != 0 && exit != 1) {
                failures.add("run " + run + ": the restart ended with exit code " + exit + ", see " + output);
            }
            Set<Path> reported = ContentInvariant.reportedInLog(dest.resolve("photo_organizer_log.csv"));
            for (String problem : invariant.violations(source, dest, reported)) {
                failures.add("run " + run + ": " + problem);
            }
            for (String problem : IndexCheck.problems(dest)) {
                failures.add("run " + run + ": " + problem);
            }
            if (Files.readString(dest.resolve("system_log.csv")).contains("Finished a move interrupted by a crash")) {
                recoveredRuns++;
            }
            if (failures.isEmpty()) {
                ProcessRunner.deleteTree(runDir);
            }
        }
        System.out.printf("Crash test: whole run %d ms, %d runs, %d kill -9, %d runs finished a journaled move,"
                + " seed %d%n", referenceMillis, RUNS,
                kills, recoveredRuns, SEED);
        assertThat(failures).isEmpty();
        assertThat(kills).as("kills that hit a running service").isGreaterThanOrEqualTo(RUNS);
    }
}
