package org.photoorganizer.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.LogIdentity;
import org.photoorganizer.logging.OperationLog;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEvents;
import org.photoorganizer.logging.SystemLog;
import org.photoorganizer.pipeline.AsyncListener;
import org.photoorganizer.pipeline.Listeners;
import org.photoorganizer.review.ReviewPage;
import org.photoorganizer.review.ReviewSettings;
import org.photoorganizer.stats.Statistics;
import org.photoorganizer.stats.StatisticsReporter;
import org.photoorganizer.synology.CommandRunner;
import org.photoorganizer.synology.DsmLogListener;
import org.photoorganizer.synology.DsmNotifier;
import org.photoorganizer.synology.ProcessCommandRunner;
import org.photoorganizer.synology.SynoIndexListener;
import org.photoorganizer.synology.SynologyPaths;
import org.photoorganizer.synology.WarnOnce;

/**
 * Wires the production service: which listeners hang off the pipeline (CSV logs, statistics, and on a
 * NAS the Synology adapters) and which sinks receive system events. A dry run gets no log listeners,
 * so it writes nothing.
 */
public final class ServiceAssembly {
    private final SystemEvents systemEvents = new SystemEvents();
    private final PhotoOrganizerService.Parts parts;
    private final Config config;
    private final boolean dryRun;
    private final UnaryOperator<Path> shownPath;
    private final Clock clock;
    private final List<SystemEvent> startupWarnings = new ArrayList<>();

    public ServiceAssembly(Config config, boolean onNas, boolean dryRun, Clock clock, String user, PrintStream out) {
        this(config, onNas, dryRun, clock, user, out, new NioFileOps());
    }

    public ServiceAssembly(Config config, boolean onNas, boolean dryRun, Clock clock, String user, PrintStream out,
                           FileOps files) {
        this(config, onNas, dryRun, clock, user, out, files, new ProcessCommandRunner());
    }

    /** {@code commands}: how DSM commands ({@code logger}, {@code synoindex} ...) are run; tests record them. */
    public ServiceAssembly(Config config, boolean onNas, boolean dryRun, Clock clock, String user, PrintStream out,
                           FileOps files, CommandRunner commands) {
        this.config = config;
        this.dryRun = dryRun;
        this.clock = clock;
        this.shownPath = onNas ? SynologyPaths::toSystemPath : path -> path;
        WarnOnce warnings = new WarnOnce(systemEvents);
        Listeners listeners = new Listeners();
        Statistics statistics = new Statistics();
        java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                runnable -> {
                    Thread thread = new Thread(runnable, "timers");
                    thread.setDaemon(true);
                    return thread;
                });
        // A cancelled timer leaves the queue at once instead of at its due time.
        scheduler.setRemoveOnCancelPolicy(true);
        StatisticsReporter reporter = new StatisticsReporter(statistics, systemEvents, scheduler, config.idleStats());
        if (!dryRun) {
            // A CSV log that cannot be written says so where it can be read: the service log and DSM's log,
            // and for photo_organizer_log.csv also system_log.csv.
            SystemEvents logProblems = new SystemEvents();
            systemEvents.add(new SystemLog(config.logDir(), clock, user, logProblems));
            LogIdentity identity = new LogIdentity(LogIdentity.localIpAddress(), user,
                    onNas ? SynologyPaths::toSystemPath : path -> path);
            listeners.add(new OperationLog(config.logDir(), clock, identity, systemEvents)).add(statistics)
                    .add(reporter);
            if (onNas) {
                DsmLogListener dsmLog = new DsmLogListener(commands, warnings);
                systemEvents.add(dsmLog);
                logProblems.add(dsmLog);
                if (config.dsm().indexMedia()) {
                    SynoIndexListener.unavailableReason(SynoIndexListener.DEFAULT_PROGRAM, System.getenv("PATH"))
                            .ifPresentOrElse(reason -> startupWarnings.add(SystemEvent.warning("[synology] index_media"
                                    + " is on but " + reason + "; the Synology media index is not updated.")),
                                    // synoindex is an external command per file: the pipeline must not wait for it.
                                    () -> listeners.add(new AsyncListener(new SynoIndexListener(commands, warnings),
                                            "synoindex")));
                }
                if (config.dsm().notifyErrors()) {
                    ScheduledExecutorService notifyTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "dsm-notify");
                        thread.setDaemon(true);
                        return thread;
                    });
                    listeners.add(new DsmNotifier(commands, warnings, config.logDir(), config.dsm().notifyInterval(),
                            clock, (delay, task) -> notifyTimer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS)));
                }
            }
        }
        parts = new PhotoOrganizerService.Parts(files, new MetadataCaptureDateExtractor(clock, files),
                new PerceptualFingerprinter(files), listeners, systemEvents, reporter, scheduler, clock, out);
    }

    /** Problems found while wiring (a DSM tool the settings ask for is missing), to report once at start. */
    public List<SystemEvent> startupWarnings() {
        return List.copyOf(startupWarnings);
    }

    public SystemEvents systemEvents() {
        return systemEvents;
    }

    public PhotoOrganizerService.Parts parts() {
        return parts;
    }

    public PhotoOrganizerService service() {
        return new PhotoOrganizerService(config, parts, dryRun);
    }

    /** The review page, listening to the pipeline from its first file; started once the service is prepared. */
    public ReviewPage reviewPage(ReviewSettings settings) {
        ReviewPage page = new ReviewPage(settings, new ReviewPage.Inputs(config, parts.files(), parts.listeners(),
                systemEvents, parts.dates(), shownPath, clock));
        parts.listeners().add(page.listener());
        return page;
    }
}
