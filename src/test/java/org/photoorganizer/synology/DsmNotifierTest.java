package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.pipeline.PipelineEvent;

class DsmNotifierTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-01-15T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Task(Instant due, Runnable task) {
    }

    private final ManualClock clock = new ManualClock();
    private final List<Task> tasks = new ArrayList<>();
    private final List<SystemEvent> warnings = new ArrayList<>();
    private final RecordingRunner runner = RecordingRunner.succeeding();
    private final DsmNotifier notifier = new DsmNotifier(runner, new WarnOnce(warnings::add),
            Path.of("/volume2/photo"), Duration.ofHours(1), clock, (delay, task) -> tasks.add(new Task(clock.now.plus(delay), task)));

    private void advance(Duration by) {
        clock.now = clock.now.plus(by);
        List<Task> due = tasks.stream().filter(t -> !t.due().isAfter(clock.now)).toList();
        tasks.removeAll(due);
        due.forEach(t -> t.task().run());
    }

    private static PipelineEvent.Failed failed(String name) {
        return new PipelineEvent.Failed(Path.of("/volume2/photo/PhotosToProcess", name), "unreadable");
    }

    @Test
    void theFirstFailureIsAnnouncedAtOnceWithTheDocumentedArgv() {
        notifier.on(failed("a.jpg"));
        advance(Duration.ZERO);
        assertThat(runner.calls).containsExactly(List.of("synodsmnotify", "-c", "SYNO.SDS._ThirdParty.App.PhotoOrganizer",
                "@administrators", "PhotoOrganizer:notify:title", "PhotoOrganizer:notify:files_failed", "1",
                "/var/services/photo"));
    }

    @Test
    void failuresWithinTheIntervalAreCountedIntoOneLaterNotification() {
        notifier.on(failed("a.jpg"));
        advance(Duration.ZERO);
        for (int i = 0; i < 1000; i++) {
            notifier.on(failed("b" + i + ".jpg"));
            advance(Duration.ofMillis(100));
        }
        assertThat(runner.calls).as("nothing more within the hour").hasSize(1);
        advance(Duration.ofHours(1));
        assertThat(runner.calls).hasSize(2);
        assertThat(runner.calls.get(1).get(6)).isEqualTo("1000");
        assertThat(tasks).isEmpty();

        // Quiet for a while, then one more failure: announced at once, the hour having passed.
        advance(Duration.ofHours(3));
        notifier.on(failed("c.jpg"));
        advance(Duration.ZERO);
        assertThat(runner.calls).hasSize(3);
        assertThat(runner.calls.get(2).get(6)).isEqualTo("1");
    }

    @Test
    void otherEventsNotifyNothing() {
        notifier.on(new PipelineEvent.Filed(Path.of("/a"), Path.of("/b"), 1));
        notifier.on(new PipelineEvent.Skipped(Path.of("/a"), "not a photo"));
        advance(Duration.ofHours(2));
        assertThat(runner.calls).isEmpty();
        assertThat(tasks).isEmpty();
    }

    @Test
    void aMissingToolWarnsOnceAndTheServiceGoesOn() {
        RecordingRunner missing = new RecordingRunner(argv -> CommandResult.notFound("synodsmnotify: not found"));
        DsmNotifier n = new DsmNotifier(missing, new WarnOnce(warnings::add), Path.of("/volume1/photo"),
                Duration.ofMinutes(5), clock, (delay, task) -> tasks.add(new Task(clock.now.plus(delay), task)));
        for (int i = 0; i < 3; i++) {
            n.on(failed("x" + i));
            advance(Duration.ofMinutes(10));
        }
        assertThat(missing.calls).hasSize(3);
        assertThat(warnings).singleElement().extracting(SystemEvent::message).asString()
                .contains("synodsmnotify", "desktop notifications");
    }
}
