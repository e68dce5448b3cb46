package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.pipeline.PipelineEvent;

class SynoIndexListenerTest {

    private static final Path IN = Path.of("/volume1/photo/PhotosToProcess/-rf; $(reboot) ü.jpg");
    private static final Path OUT = Path.of("/volume1/photo/2024/08_Aug/20240814_134757.jpg");
    private static final Path DUP = Path.of("/volume1/photo/Duplicates/20240814_134757.0001.jpg");

    private final List<SystemEvent> warnings = new ArrayList<>();
    private final RecordingRunner runner = RecordingRunner.succeeding();
    private final SynoIndexListener listener = new SynoIndexListener(runner, new WarnOnce(warnings::add));

    @Test
    void filedRemovesInboxEntryAndAddsLibraryFile() {
        listener.on(new PipelineEvent.Filed(IN, OUT, 10));
        assertThat(runner.calls).containsExactly(
                List.of("synoindex", "-d", IN.toString()),
                List.of("synoindex", "-a", OUT.toString()));
        assertThat(runner.timeouts).containsOnly(Duration.ofSeconds(5));
        assertThat(warnings).isEmpty();
    }

    @Test
    void duplicateDeletedOnlyRemoves() {
        listener.on(new PipelineEvent.DuplicateDeleted(IN, OUT, 10));
        assertThat(runner.calls).containsExactly(List.of("synoindex", "-d", IN.toString()));
    }

    @Test
    void movedToDuplicatesMovesTheEntry() {
        listener.on(new PipelineEvent.MovedToDuplicates(IN, DUP, OUT, 10));
        assertThat(runner.calls).containsExactly(
                List.of("synoindex", "-d", IN.toString()),
                List.of("synoindex", "-a", DUP.toString()));
    }

    @Test
    void similarFromInboxMovesLesserAndRefreshesBetter() {
        listener.on(new PipelineEvent.SimilarImage(IN, DUP, OUT, 3, 10));
        assertThat(runner.calls).containsExactly(
                List.of("synoindex", "-d", IN.toString()),
                List.of("synoindex", "-a", DUP.toString()),
                List.of("synoindex", "-a", OUT.toString()));
    }

    @Test
    void similarWhereBetterTookTheLesserPlaceDoesNotDeleteIt() {
        listener.on(new PipelineEvent.SimilarImage(OUT, DUP, OUT, 3, 10));
        assertThat(runner.calls).containsExactly(
                List.of("synoindex", "-a", DUP.toString()),
                List.of("synoindex", "-a", OUT.toString()));
    }

    @Test
    void eventsWithoutAMoveCallNothing() {
        listener.on(new PipelineEvent.Detected(IN, 10));
        listener.on(new PipelineEvent.Skipped(IN, "not media"));
        listener.on(new PipelineEvent.Failed(IN, "boom"));
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void relativePathsAreMadeAbsoluteSoTheyCannotLookLikeOptions() {
        listener.on(new PipelineEvent.DuplicateDeleted(Path.of("-a"), OUT, 1));
        assertThat(runner.calls.get(0).get(2)).startsWith("/").endsWith("/-a");
    }

    @Test
    void missingSynoindexWarnsOnceAndIsNotCalledAgain() {
        RecordingRunner missing = new RecordingRunner(argv -> CommandResult.notFound("synoindex: not found"));
        SynoIndexListener l = new SynoIndexListener(missing, new WarnOnce(warnings::add));
        for (int i = 0; i < 10; i++) {
            l.on(new PipelineEvent.Filed(IN, OUT, 1));
        }
        assertThat(missing.calls).as("no process per file once it failed").hasSize(1);
        assertThat(l.stopped()).isTrue();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).level()).isEqualTo(SystemEvent.Level.WARNING);
        assertThat(warnings.get(0).message()).contains("not called again until the service restarts", "index_media");
    }

    @Test
    void aPermissionRefusalAlsoStopsItAfterOneWarning() {
        RecordingRunner refused = new RecordingRunner(argv -> CommandResult.exited(255, "Permission denied\n"));
        SynoIndexListener l = new SynoIndexListener(refused, new WarnOnce(warnings::add));
        l.on(new PipelineEvent.DuplicateDeleted(IN, OUT, 1));
        l.on(new PipelineEvent.MovedToDuplicates(IN, OUT, OUT, 1));
        assertThat(refused.calls).hasSize(1);
        assertThat(warnings).singleElement().extracting(SystemEvent::message).asString()
                .contains("exited with code 255: Permission denied");
    }

    @Test
    void unavailableReasonFindsTheProgramOnPathOrSaysWhy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        Path tool = java.nio.file.Files.writeString(bin.resolve("synoindex"), "#!/bin/sh\n");
        assertThat(SynoIndexListener.unavailableReason("synoindex", dir + ":" + bin)).get().asString()
                .contains("not found on PATH");
        java.nio.file.Files.setPosixFilePermissions(tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(SynoIndexListener.unavailableReason("synoindex", dir + ":" + bin)).isEmpty();
        assertThat(SynoIndexListener.unavailableReason(tool.toString(), "")).isEmpty();
        assertThat(SynoIndexListener.unavailableReason(dir.resolve("nope").toString(), "")).get().asString()
                .contains("does not exist");
    }

    @Test
    void throwingRunnerBecomesOneWarning() {
        RecordingRunner broken = new RecordingRunner(argv -> {
            throw new IllegalStateException("runner bug");
        });
        SynoIndexListener l = new SynoIndexListener(broken, new WarnOnce(warnings::add));
        assertThatCode(() -> {
            l.on(new PipelineEvent.Filed(IN, OUT, 1));
            l.on(new PipelineEvent.Filed(IN, OUT, 1));
        }).doesNotThrowAnyException();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).message()).contains("runner bug");
    }

    @Test
    void customProgramAndTimeoutAreUsed() {
        SynoIndexListener l = new SynoIndexListener(runner, new WarnOnce(warnings::add),
                "/usr/syno/bin/synoindex", Duration.ofSeconds(2));
        l.on(new PipelineEvent.DuplicateDeleted(IN, OUT, 1));
        assertThat(runner.calls.get(0).get(0)).isEqualTo("/usr/syno/bin/synoindex");
        assertThat(runner.timeouts).containsExactly(Duration.ofSeconds(2));
    }
}
