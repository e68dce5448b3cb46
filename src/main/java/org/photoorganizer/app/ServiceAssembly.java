package org.photoorganizer.app;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.LogIdentity;
import org.photoorganizer.logging.OperationLog;
import org.photoorganizer.logging.SystemEvents;
import org.photoorganizer.logging.SystemLog;
import org.photoorganizer.pipeline.AsyncListener;
import org.photoorganizer.pipeline.Listeners;
import org.photoorganizer.stats.Statistics;
import org.photoorganizer.stats.StatisticsReporter;
import org.photoorganizer.synology.DsmLogListener;
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

    public ServiceAssembly(Config config, boolean onNas, boolean dryRun, Clock clock, String user, PrintStream out) {
        this(config, onNas, dryRun, clock, user, out, new NioFileOps());
    }

    public ServiceAssembly(Config config, boolean onNas, boolean dryRun, Clock clock, String user, PrintStream out,
                           FileOps files) {
        this.config = config;
        this.dryRun = dryRun;
        ProcessCommandRunner commands = new ProcessCommandRunner();
        WarnOnce warnings = new WarnOnce(systemEvents);
        Listeners listeners = new Listeners();
        Statistics statistics = new Statistics();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "timers");
            thread.setDaemon(true);
            return thread;
        });
        StatisticsReporter reporter = new StatisticsReporter(statistics, systemEvents, scheduler, config.idleStats());
        if (!dryRun) {
            systemEvents.add(new SystemLog(config.logDir(), clock, user));
            LogIdentity identity = new LogIdentity(LogIdentity.localIpAddress(), user,
                    onNas ? SynologyPaths::toSystemPath : path -> path);
            listeners.add(new OperationLog(config.logDir(), clock, identity)).add(statistics).add(reporter);
            if (onNas) {
                systemEvents.add(new DsmLogListener(commands, warnings));
                // synoindex is an external command per file: the pipeline must not wait for it.
                listeners.add(new AsyncListener(new SynoIndexListener(commands, warnings), "synoindex"));
            }
        }
        parts = new PhotoOrganizerService.Parts(files, new MetadataCaptureDateExtractor(clock),
                new PerceptualFingerprinter(files), listeners, systemEvents, reporter, scheduler, clock, out);
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
}
