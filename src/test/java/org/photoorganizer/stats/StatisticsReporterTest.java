package org.photoorganizer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.pipeline.PipelineEvent;

class StatisticsReporterTest {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Statistics statistics = new Statistics();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    private StatisticsReporter reporter(Duration idle) {
        return new StatisticsReporter(statistics, (SystemEvent e) -> lines.add(e.message()), scheduler, idle);
    }

    private void happen(StatisticsReporter reporter, PipelineEvent event) {
        statistics.on(event);
        reporter.on(event);
    }

    @Test
    void afterTheIdleTimeTheCountersAreLoggedAndReset() throws Exception {
        StatisticsReporter reporter = reporter(Duration.ofMillis(200));
        happen(reporter, new PipelineEvent.Filed(Path.of("/in/a.jpg"), Path.of("/lib/a.jpg"), 2_630_000_000L));
        happen(reporter, new PipelineEvent.DuplicateDeleted(Path.of("/in/b.jpg"), Path.of("/lib/a.jpg"), 157_600_000L));

        awaitLines(1);

        assertThat(lines).containsExactly(
                "Statistics (idle timeout (0.2 seconds)): 2.45 GB moved, 150.30 MB deleted");
        assertThat(statistics.snapshot().isZero()).isTrue();
        reporter.reportStop();
        assertThat(lines).last().isEqualTo("Statistics (service stopped): 0.00 B moved, 0.00 B deleted");
    }

    @Test
    void nothingIsLoggedWhenIdleWithoutActivityAndStopAlwaysLogsOnce() throws Exception {
        StatisticsReporter reporter = reporter(Duration.ofMillis(50));
        happen(reporter, new PipelineEvent.Skipped(Path.of("/in/notes.txt"), "not a photo"));
        Thread.sleep(300);
        assertThat(lines).isEmpty();

        reporter.reportStop();
        reporter.reportStop();

        assertThat(lines).containsExactly("Statistics (service stopped): 0.00 B moved, 0.00 B deleted");
    }

    @Test
    void theDefaultIdleTimeReadsAsTheOriginalsLine() {
        assertThat(StatisticsReporter.describe(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(StatisticsReporter.describe(Duration.ofSeconds(120))).isEqualTo("2 minutes");
        assertThat(StatisticsReporter.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    }

    @Test
    void activityPostponesTheIdleReport() throws Exception {
        StatisticsReporter reporter = reporter(Duration.ofMillis(1000));
        for (int i = 0; i < 5; i++) {
            happen(reporter, new PipelineEvent.Filed(Path.of("/in/a.jpg"), Path.of("/lib/a.jpg"), 1024));
            Thread.sleep(100);
        }
        assertThat(lines).isEmpty();
        awaitLines(1);
        assertThat(lines).containsExactly("Statistics (idle timeout (1 second)): 5.00 KB moved, 0.00 B deleted");
    }

    @Test
    void aFloodOfFilesLeavesOneTimerQueuedNotOnePerEvent() {
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            StatisticsReporter reporter = new StatisticsReporter(statistics, (SystemEvent e) -> lines.add(e.message()),
                    timers, Duration.ofMinutes(1));
            for (int i = 0; i < 10_000; i++) {
                reporter.on(new PipelineEvent.Filed(Path.of("/in/" + i + ".jpg"), Path.of("/lib/" + i + ".jpg"), 1));
            }
            assertThat(timers.getQueue()).hasSize(1);
        } finally {
            timers.shutdownNow();
        }
    }

    private void awaitLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
