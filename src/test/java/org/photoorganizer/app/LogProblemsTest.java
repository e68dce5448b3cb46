package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.config.Config;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.OperationLog;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemLog;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.synology.CommandResult;

/** A CSV log that cannot be written is said where someone will read it: DSM's log, the service log, system_log.csv. */
class LogProblemsTest {
    @TempDir
    Path temp;

    @Test
    void csvLogsThatCannotBeWrittenAreReportedThroughTheDsmLogAndWrittenOnceTheyCanBe() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        // Names taken by folders: the files cannot be written, as on a full or read-only disk.
        Path operationLog = Files.createDirectories(dest.resolve(OperationLog.FILE_NAME));
        Path systemLog = Files.createDirectories(dest.resolve(SystemLog.FILE_NAME));
        List<List<String>> dsm = new CopyOnWriteArrayList<>();
        Config config = new Config(inbox, dest, true, 6, Duration.ofSeconds(1), Duration.ofHours(1),
                "{yyyy}/{MM}_{Mmm}", dest, null);
        ServiceAssembly assembly = new ServiceAssembly(config, true, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), new NioFileOps(), (argv, timeout) -> {
                    dsm.add(argv);
                    return CommandResult.exited(0, "");
                });

        assembly.systemEvents().on(SystemEvent.info("Service started"));
        assembly.parts().listeners().on(new PipelineEvent.Failed(inbox.resolve("a.jpg"), "disk full: x"));

        List<String> logged = dsm.stream().filter(argv -> argv.get(0).equals("logger"))
                .map(argv -> argv.get(argv.size() - 1)).toList();
        assertThat(logged).anySatisfy(message -> assertThat(message).startsWith("Cannot write " + systemLog));
        assertThat(logged).anySatisfy(message -> assertThat(message).startsWith("Cannot write " + operationLog)
                .contains("kept and written once it can be"));
        assertThat(logged.stream().filter(message -> message.startsWith("Cannot write"))).hasSize(2);

        Files.delete(operationLog);
        Files.delete(systemLog);
        assembly.parts().listeners().on(new PipelineEvent.Skipped(inbox.resolve("b.txt"), "not a photo"));

        assertThat(Files.readString(operationLog)).contains(",Error,").contains("disk full: x")
                .contains(",Skipped,");
        assertThat(Files.readString(systemLog)).contains("Service started").contains("can be written again");
    }
}
