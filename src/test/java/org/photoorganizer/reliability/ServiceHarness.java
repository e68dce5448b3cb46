package org.photoorganizer.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.photoorganizer.app.PhotoOrganizerService;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.logging.LogIdentity;
import org.photoorganizer.logging.OperationLog;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.pipeline.Listeners;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.stats.Statistics;
import org.photoorganizer.stats.StatisticsReporter;

/**
 * A real service in this JVM, on real folders, with the {@link FileOps} a test chooses, recording every
 * pipeline and system event (and writing photo_organizer_log.csv as the real service does).
 */
final class ServiceHarness implements AutoCloseable {
    final List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    final List<SystemEvent> systemEvents = new CopyOnWriteArrayList<>();
    final Config config;
    private final PhotoOrganizerService service;
    private final ScheduledExecutorService scheduler;

    ServiceHarness(Path source, Path dest, FileOps files, boolean deleteDuplicates, Duration settle) {
        this(source, dest, files, deleteDuplicates, settle, Config.DEFAULT_INCOMPLETE_GRACE);
    }

    /** {@code incompleteGrace}: how long a file that looks incomplete waits after its last change. */
    ServiceHarness(Path source, Path dest, FileOps files, boolean deleteDuplicates, Duration settle,
                   Duration incompleteGrace) {
        config = new Config(source.toAbsolutePath().normalize(), dest.toAbsolutePath().normalize(), deleteDuplicates,
                10, settle, Duration.ofHours(1), "{yyyy}/{MM}_{Mmm}", dest.toAbsolutePath().normalize(), null,
                Config.Dsm.DEFAULTS, incompleteGrace);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "test-timers");
            thread.setDaemon(true);
            return thread;
        });
        Listeners listeners = new Listeners();
        listeners.add(events::add).add(new OperationLog(config.logDir(), Clock.systemDefaultZone(),
                new LogIdentity("127.0.0.1", "test", path -> path)));
        StatisticsReporter reporter = new StatisticsReporter(new Statistics(), systemEvents::add, scheduler,
                config.idleStats());
        service = new PhotoOrganizerService(config, new PhotoOrganizerService.Parts(files,
                new MetadataCaptureDateExtractor(Clock.systemDefaultZone(), files), new PerceptualFingerprinter(files), listeners,
                systemEvents::add, reporter, scheduler, Clock.systemDefaultZone(),
                new PrintStream(new ByteArrayOutputStream())), false);
    }

    ServiceHarness prepare() throws IOException {
        service.prepare();
        return this;
    }

    int runOnce() throws IOException, InterruptedException {
        return service.runOnce();
    }

    void startWatching() throws IOException {
        service.startWatching();
    }

    /** Source files the service reported as failed or skipped: the ones allowed to stay in the inbox. */
    Set<Path> reported() {
        return events.stream()
                .filter(e -> e instanceof PipelineEvent.Failed || e instanceof PipelineEvent.Skipped)
                .map(PipelineEvent::source).collect(Collectors.toSet());
    }

    Path operationLog() {
        return config.logDir().resolve(OperationLog.FILE_NAME);
    }

    /** Events about one inbox file, in order. */
    List<PipelineEvent> eventsFor(Path source) {
        return events.stream().filter(e -> e.source().equals(source)).toList();
    }

    <T extends PipelineEvent> List<T> eventsOf(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    List<PipelineEvent.Failed> failures() {
        return eventsOf(PipelineEvent.Failed.class);
    }

    @Override
    public void close() {
        service.close();
    }

    /** The index the running service holds. */
    LibraryIndex index() {
        return service.index().orElseThrow();
    }
}
