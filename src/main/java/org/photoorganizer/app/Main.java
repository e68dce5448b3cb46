package org.photoorganizer.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.photoorganizer.config.Config;
import org.photoorganizer.config.ConfigException;
import org.photoorganizer.config.ConfigLoader;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEvents;
import org.photoorganizer.logging.SystemLog;
import org.photoorganizer.review.ReviewPage;
import org.photoorganizer.review.ReviewSettings;
import org.photoorganizer.synology.SynologyDetector;

/** Entry point: parses the command line, loads the configuration, wires the service and runs it. */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURES = 1;
    static final int EXIT_CONFIG = 2;
    static final int EXIT_ALREADY_RUNNING = 3;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), Path.of("").toAbsolutePath(), ConfigLoader.defaultSearchPath(Path.of("")),
                new SynologyDetector(), System.out, System.err));
    }

    static int run(List<String> args, Path workingDir, List<Path> searchPath, SynologyDetector detector,
                   PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            err.print(CommandLine.USAGE);
            return EXIT_CONFIG;
        }
        if (commandLine.help()) {
            out.print(CommandLine.USAGE);
            return EXIT_OK;
        }
        if (commandLine.version()) {
            out.println("Photo Organizer " + version());
            return EXIT_OK;
        }
        boolean onNas = detector.isSynology();
        Clock clock = Clock.systemDefaultZone();
        String user = System.getProperty("user.name", "unknown");
        Config config;
        ConfigLoader loader = new ConfigLoader(searchPath, onNas, workingDir);
        try {
            config = loader.load(commandLine.config(), commandLine.source(), commandLine.dest());
        } catch (ConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            loader.logDirForErrors(commandLine.config(), commandLine.dest()).ifPresent(dir ->
                    new SystemLog(dir, clock, user).on(SystemEvent.error("Configuration error: " + e.getMessage())));
            return EXIT_CONFIG;
        }

        boolean dryRun = commandLine.dryRun();
        ReviewSettings reviewSettings;
        try {
            reviewSettings = commandLine.once() || dryRun ? ReviewSettings.off()
                    : ReviewSettings.resolve(commandLine.reviewDemo(), commandLine.reviewPort(),
                    Optional.ofNullable(config.configFile()), System.getenv());
        } catch (IOException e) {
            err.println("Configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        ServiceAssembly assembly = new ServiceAssembly(config, onNas, dryRun, clock, user, out);
        SystemEvents systemEvents = assembly.systemEvents();
        Optional<String> encoding = fileNameEncodingProblem(System.getProperty("sun.jnu.encoding", ""));
        if (encoding.isPresent()) {
            err.println(encoding.get());
            systemEvents.on(SystemEvent.error(encoding.get()));
            return EXIT_CONFIG;
        }
        InstanceLock lock;
        try {
            lock = dryRun ? null : InstanceLock.acquire(config.stateDir(), config.destinationRoot(), config.sourceDir());
        } catch (InstanceLock.AlreadyRunning e) {
            err.println(e.getMessage());
            systemEvents.on(SystemEvent.error("Not started: " + e.getMessage()));
            return EXIT_ALREADY_RUNNING;
        } catch (IOException e) {
            // A file system without locks (some network mounts): the service still works, unguarded.
            lock = null;
            systemEvents.on(SystemEvent.warning(e.getMessage() + "; starting without that guard"));
        }
        try {
            return runService(commandLine, config, assembly, systemEvents, onNas, detector, reviewSettings, out, err);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * Under a locale that is not UTF-8 (LANG unset, as a service may be started) Java cannot turn file names
     * with accents or emoji into text and back: such files would fail one by one. The service refuses to run
     * so, saying how to start it, rather than skip them.
     */
    static Optional<String> fileNameEncodingProblem(String jnuEncoding) {
        try {
            if (!jnuEncoding.isEmpty() && java.nio.charset.Charset.forName(jnuEncoding)
                    .equals(java.nio.charset.StandardCharsets.UTF_8)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // An unknown charset name: not UTF-8 either.
        }
        return Optional.of("Photo Organizer cannot start: the system locale does not use UTF-8 (file names are read"
                + " as " + (jnuEncoding.isEmpty() ? "an unknown encoding" : jnuEncoding) + "), so files whose names"
                + " have accents, other scripts or emoji could not be filed. Start it with a UTF-8 locale, for"
                + " example LANG=C.UTF-8 or LANG=en_US.UTF-8 (the package's start script sets one).");
    }

    private static int runService(CommandLine commandLine, Config config, ServiceAssembly assembly,
                                  SystemEvents systemEvents, boolean onNas, SynologyDetector detector,
                                  ReviewSettings reviewSettings, PrintStream out, PrintStream err) {
        boolean dryRun = commandLine.dryRun();
        systemEvents.on(SystemEvent.info("Service started: Photo Organizer " + version()
                + (onNas ? "; Synology NAS detected" + detector.dsmVersion().map(v -> " (DSM " + v + ")").orElse("")
                : "") + (dryRun ? "; dry run, nothing is changed" : "")));
        systemEvents.on(SystemEvent.info("Configuration " + describe(config) + "; Java "
                + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB"));
        assembly.startupWarnings().forEach(systemEvents::on);

        PhotoOrganizerService service = assembly.service();
        Optional<ReviewPage> reviewPage = reviewSettings.enabled() ? Optional.of(assembly.reviewPage(reviewSettings))
                : Optional.empty();
        try {
            if (commandLine.once() || dryRun) {
                service.prepare();
                int code = service.runOnce();
                service.close();
                systemEvents.on(SystemEvent.info("Service stopped"));
                return code;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Optional<ReadyFile> ready = commandLine.readyFile().map(ReadyFile::new);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ready.ifPresent(ReadyFile::remove);
                reviewPage.ifPresent(ReviewPage::close);
                service.close();
                systemEvents.on(SystemEvent.info("Service stopped"));
                stopped.countDown();
            }, "shutdown"));
            service.prepareWithBackgroundScan();
            service.startWatching();
            systemEvents.on(SystemEvent.info("Watching " + config.sourceDir()));
            if (reviewPage.isPresent()) {
                startReviewPage(reviewPage.get(), service, reviewSettings, systemEvents, out);
            }
            if (ready.isPresent()) {
                signalReady(ready.get(), commandLine.readyFile().get(), err);
            }
            stopped.await();
            return EXIT_OK;
        } catch (IOException | RuntimeException e) {
            systemEvents.on(SystemEvent.error("The service failed: " + e.getMessage()));
            service.close();
            return EXIT_FAILURES;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            return EXIT_FAILURES;
        }
    }

    /** A page that cannot start (port, missing jdk.httpserver module) is reported; the service files on. */
    private static void startReviewPage(ReviewPage page, PhotoOrganizerService service, ReviewSettings settings,
                                        SystemEvents systemEvents, PrintStream out) {
        try {
            String url = page.start(service.reviewBackend());
            if (settings.demo()) {
                out.println();
                out.println("  ==============================================================");
                out.println("   Review page (DEMO MODE: no login, this computer only):");
                out.println("   " + url);
                out.println("  ==============================================================");
                out.println();
                out.flush();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            systemEvents.on(SystemEvent.warning("The review page could not start: " + e
                    + "; the service goes on without it"));
        }
    }

    /** The start script waits for this file; failing to write it is reported, and the script then times out. */
    private static void signalReady(ReadyFile ready, Path path, PrintStream err) {
        try {
            ready.write(ProcessHandle.current().pid());
        } catch (IOException | RuntimeException e) {
            err.println("Cannot write the readiness file " + path + ": " + e);
        }
    }

    private static String describe(Config config) {
        return "from " + Optional.ofNullable(config.configFile()).map(Path::toString).orElse("built-in defaults")
                + ": source " + config.sourceDir() + ", destination " + config.destinationRoot()
                + ", delete duplicates " + config.deleteDuplicates() + ", similar threshold "
                + config.similarThreshold() + ", settle " + config.settle().toMillis() / 1000.0 + " s"
                + ", incomplete files filed as they are after " + config.incompleteGrace().toSeconds() + " s unchanged";
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }
}
