package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Halts the service at exact steps of a move (within one file system and across file systems), then
 * restarts the real jar: the move journal must let the restart finish or undo each interrupted move.
 * Random kills rarely land between two steps of one move; these do, every time.
 */
class CrashPointIT {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} #{1} {2}, cross file system {3}")
    @CsvSource({
            // op, nth, where, cross, area, the restart must report a finished move
            "CREATE_LINK, 1, after, false, dest, true",
            "CREATE_LINK, 9, after, false, dest, true",
            "SYNC_DIRECTORY, 4, after, false, dest, true",
            "DELETE, 3, before, false, source, true",
            "DELETE, 5, after, false, source, true",
            "COPY, 2, partial, true, any, false",
            "COPY, 4, after, true, any, false",
            "CREATE_LINK, 3, after, true, dest, true",
            "DELETE, 2, before, true, dest, true",
            "DELETE, 6, after, true, source, true",
            "DELETE, 11, after, false, source, true",
    })
    void aMoveInterruptedAtAnyStepIsFinishedByTheRestart(FaultInjectingFileOps.Op op, int nth, String where,
                                                         boolean cross, String area, boolean finishesAMove)
            throws Exception {
        Path source = temp.resolve("inbox");
        Path dest = Files.createDirectories(temp.resolve("library"));
        Corpus.write(source, 40, 1234 + nth);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        Path output = temp.resolve("output.txt");

        int halted = ProcessRunner.await(ProcessRunner.startTestMain(output, CrashPointMain.class, source.toString(),
                dest.toString(), op.name(), String.valueOf(nth), where, String.valueOf(cross), area), 120);
        assertThat(halted).as("the crash point was reached; see " + Files.readString(output))
                .isEqualTo(CrashPointMain.HALTED);
        assertThat(invariant.violationsAtAnyInstant(source, dest)).isEmpty();

        int exit = ProcessRunner.await(ProcessRunner.startJar(output, "--once", "--config",
                ProcessRunner.configFile(temp, false, 0.5).toString(), "--source", source.toString(), "--dest",
                dest.toString()), 120);

        assertThat(exit).isIn(0, 1);
        assertThat(invariant.violations(source, dest,
                ContentInvariant.reportedInLog(dest.resolve("photo_organizer_log.csv")))).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
        if (cross) {
            // A copy's journal entry is forced to the disk before the copy starts: the restart finds it.
            assertThat(Files.readString(dest.resolve("system_log.csv")).contains("Finished a move interrupted by a crash"))
                    .as("the restart reported finishing the interrupted move").isEqualTo(finishesAMove);
        }
        // A link's entry waits for the next group commit (MoveJournal.beginLink): the restart finishes the move
        // from it when it was committed, or finds the photo under both names; the checks above hold either way.
    }
}
