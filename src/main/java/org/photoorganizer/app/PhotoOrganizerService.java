package org.photoorganizer.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.similar.ImageQualityComparator;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.fs.DryRunFileOps;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.format.CompletenessCheck;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryScanner;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.move.InterruptedMoveRecovery;
import org.photoorganizer.move.MoveJournal;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.pipeline.Listeners;
import org.photoorganizer.pipeline.OwedRows;
import org.photoorganizer.pipeline.OwedRowsFolder;
import org.photoorganizer.pipeline.Revisits;
import org.photoorganizer.pipeline.Safeguards;
import org.photoorganizer.pipeline.Pipeline;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;
import org.photoorganizer.stats.StatisticsReporter;
import org.photoorganizer.watch.BlockedFiles;
import org.photoorganizer.watch.FiledFileRechecks;
import org.photoorganizer.watch.InboxScanner;
import org.photoorganizer.watch.InboxWatcher;
import org.photoorganizer.watch.SettlingQueue;

/**
 * One running service: the index, the pipeline thread, the settling queue and (unless {@code --once})
 * the inbox watcher. All work on files happens on the single pipeline thread.
 */
public final class PhotoOrganizerService implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    /** What the service is made of besides its configuration; tests pass fakes for the seams. */
    public record Parts(FileOps files, CaptureDateExtractor dates, ImageFingerprinter fingerprinter,
                        Listeners listeners, SystemEventListener systemEvents, StatisticsReporter statistics,
                        ScheduledExecutorService scheduler, Clock clock, PrintStream out) {}

    private final Config config;
    private final Parts parts;
    private final boolean dryRun;
    private final FileOps files;
    private final FileClassifier classifier = new FileClassifier();
    private final ExecutorService worker;
    private final Set<Path> queued = Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger processed = new AtomicInteger();
    /** Files with an Error row in this run (a --once run then exits 1), whatever the pipeline's outcome. */
    private final Set<Path> failedFiles = Collections.synchronizedSet(new LinkedHashSet<>());
    /** In a --once run: files left because they look incomplete, and why. */
    private final Map<Path, String> leftIncomplete = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile boolean once;
    private volatile boolean stopping;
    private BlockedFiles blocked;
    private FiledFileRechecks filedRechecks;
    private LibraryIndex index;
    private Pipeline pipeline;
    private SettlingQueue settling;
    private InboxWatcher watcher;
    private SimilarityIndex fingerprints;
    private Thread libraryScan;
    private final FolderPattern folders;

    public PhotoOrganizerService(Config config, Parts parts, boolean dryRun) {
        this.config = config;
        this.parts = parts;
        this.dryRun = dryRun;
        this.files = dryRun ? new DryRunFileOps(parts.files()) : parts.files();
        this.folders = new FolderPattern(config.folderPattern());
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipeline");
            thread.setDaemon(true);
            return thread;
        });
        if (dryRun) {
            parts.listeners().add(new DryRunPrinter(parts.out()));
        }
    }

    /** Opens the index, finishes interrupted moves and brings the index up to date with the library. */
    public void prepare() throws IOException {
        open();
        scanLibrary(false);
    }

    /**
     * Like {@link #prepare()}, but brings the index up to date on a thread of its own while the inbox is
     * already being processed, so a first start over a large library does not keep the inbox waiting
     * for hours. Until the scan is done, a copy of a library photo the scan has not reached yet is
     * caught only if it would take that photo's name.
     */
    public void prepareWithBackgroundScan() throws IOException {
        open();
        libraryScan = new Thread(() -> {
            try {
                scanLibrary(true);
            } catch (IOException | RuntimeException e) {
                parts.systemEvents().on(SystemEvent.error("Indexing the library failed: " + e.getMessage()
                        + "; it is tried again at the next start"));
            }
        }, "library-scan");
        libraryScan.setDaemon(true);
        libraryScan.start();
    }

    private void open() throws IOException {
        index = openIndex();
        FileContent content = new FileContent(files);
        OwedRows owedRows = dryRun ? OwedRows.NONE : new OwedRowsFolder(config.stateDir().resolve("owed-rows"), files);
        if (!dryRun) {
            recoverInterruptedMoves(content, owedRows);
        }
        fingerprints = new SimilarityIndex((int) Math.min(index.count(), 10_000_000));
        index.forEachFingerprinted(this::addFingerprint);
        MoveJournal journal = dryRun ? MoveJournal.NONE : index;
        pipeline = new Pipeline(new Pipeline.Settings(config.sourceDir(), config.deleteDuplicates(),
                config.similarThreshold(), config.incompleteGrace()), files, classifier, parts.dates(),
                parts.fingerprinter(), index, fingerprints, new ImageQualityComparator(),
                new PathPlanner(config.destinationRoot(), folders), new SafeMover(files, content, journal),
                this::onEvent, new Safeguards(new CompletenessCheck(files), parts.clock(), new ServiceRevisits(),
                        owedRows));
        settling = new SettlingQueue(files, parts.scheduler(), config.settle(), System::nanoTime, this::enqueue);
        blocked = new BlockedFiles(parts.scheduler(), BlockedFiles.FIRST_PAUSE, this::enqueue);
        filedRechecks = new FiledFileRechecks(files, parts.scheduler(),
                file -> worker.execute(() -> pipeline.refreshIndexEntry(file)));
    }

    /** Every pipeline event: counted for the exit code, a sign that the destination has room, then logged. */
    private void onEvent(PipelineEvent event) {
        if (event instanceof PipelineEvent.Failed failed) {
            failedFiles.add(failed.source());
        } else if (event instanceof PipelineEvent.Filed || event instanceof PipelineEvent.MovedToDuplicates
                || event instanceof PipelineEvent.SimilarImage) {
            failedFiles.remove(event.source());
            if (blocked != null) {
                blocked.destinationTookAFile();
            }
        }
        parts.listeners().on(event);
    }

    /** Where the pipeline hands back what it leaves for now: timers in a watching service, rows in a --once run. */
    private final class ServiceRevisits implements Revisits {
        @Override
        public void incomplete(Path file, String reason, Duration untilGraceEnds) {
            if (once) {
                leftIncomplete.put(file, reason);
            } else {
                settling.recheckLater(file, untilGraceEnds);
            }
        }

        @Override
        public void destinationUnavailable(Path file) {
            if (!once) {
                blocked.add(file);
            }
        }

        @Override
        public void filedInPlace(Path libraryFile) {
            if (!once) {
                filedRechecks.add(libraryFile);
            }
        }
    }

    private void scanLibrary(boolean inboxMeanwhile) throws IOException {
        if (index.count() == 0) {
            parts.systemEvents().on(SystemEvent.info("Building the library index: every photo already in "
                    + config.destinationRoot() + " is read once (progress every 30 s); the inbox is processed "
                    + (inboxMeanwhile ? "meanwhile" : "after")));
        }
        LibraryScanner.Result result = new LibraryScanner(index, files, classifier, parts.fingerprinter(), folders,
                parts.systemEvents(), System::nanoTime).onIndexed(this::addFingerprint)
                .cancelledWhen(() -> stopping).reconcile();
        if (result.complete() && (result.hashed() > 0 || result.removed() > 0)) {
            parts.systemEvents().on(SystemEvent.info("Library index up to date: " + result.checked() + " files, "
                    + result.hashed() + " read, " + result.removed() + " removed"));
        }
    }

    private void addFingerprint(LibraryIndex.Entry entry) {
        if (entry.area() == LibraryIndex.Area.LIBRARY && entry.fingerprint().isPresent()
                && entry.fingerprint().get().algorithmVersion() == parts.fingerprinter().algorithmVersion()) {
            fingerprints.add(entry.id(), entry.fingerprint().get().phash());
        }
    }

    private LibraryIndex openIndex() throws IOException {
        Path databaseFile = config.stateDir().resolve("index.db");
        if (!dryRun) {
            return LibraryIndex.open(databaseFile, config.destinationRoot());
        }
        LibraryIndex memory = LibraryIndex.inMemory(config.destinationRoot());
        if (Files.isRegularFile(databaseFile)) {
            memory.restoreFrom(databaseFile);
        }
        return memory;
    }

    /**
     * Finishes or undoes the moves a crash interrupted, then writes the rows the crash left owing: the row of
     * a step that was journaled as owed (a duplicate deleted, a file put into Duplicates) is the one written
     * for it; a finished move with no owed row is reported as filed.
     */
    private void recoverInterruptedMoves(FileContent content, OwedRows owedRows) throws IOException {
        List<InterruptedMoveRecovery.Completed> moves = new InterruptedMoveRecovery(files, content, index,
                parts.systemEvents()).recover();
        List<PipelineEvent> owed = owedRows.settle(files);
        Set<Path> owedSources = new java.util.HashSet<>();
        owed.forEach(event -> owedSources.add(event.source()));
        for (InterruptedMoveRecovery.Completed move : moves) {
            parts.systemEvents().on(SystemEvent.warning("Finished a move interrupted by a crash: " + move.source()
                    + " -> " + move.target()));
            if (!owedSources.contains(move.source())) {
                long size = files.exists(move.target()) ? files.attributes(move.target()).size() : 0;
                parts.listeners().on(new PipelineEvent.Filed(move.source(), move.target(), size));
            }
        }
        if (!owed.isEmpty()) {
            parts.systemEvents().on(SystemEvent.warning("Wrote " + owed.size() + " log "
                    + (owed.size() == 1 ? "row" : "rows") + " a crash had left unwritten"));
        }
        owed.forEach(parts.listeners()::on);
    }

    /** Processes what is in the inbox now, waits for it to settle and be done; returns the exit code. */
    public int runOnce() throws IOException, InterruptedException {
        once = true;
        long start = System.nanoTime();
        new InboxScanner(classifier).scan(config.sourceDir(), settling::offer, dir -> { });
        while (settling.pendingCount() > 0 || !queued.isEmpty() || busy.get() > 0) {
            Thread.sleep(50);
        }
        reportLeftIncomplete();
        double seconds = (System.nanoTime() - start) / 1e9;
        int errors = failedFiles.size();
        int incomplete = leftIncomplete.size();
        parts.systemEvents().on(SystemEvent.info(processed.get() == 0 && errors == 0 && incomplete == 0
                ? "Inbox done: no photos or videos to file"
                : String.format(java.util.Locale.ROOT,
                "Inbox done: %d %s in %.1f s (%.1f files/s, including %.1f s settle time)%s%s", processed.get(),
                processed.get() == 1 ? "file" : "files", seconds, processed.get() / Math.max(seconds, 0.001), config.settle().toMillis() / 1000.0,
                errors == 0 ? "" : "; " + errors + " with an error, see photo_organizer_log.csv",
                incomplete == 0 ? "" : "; " + incomplete + " looked incomplete and were left in place")));
        return errors == 0 && incomplete == 0 ? 0 : 1;
    }

    /** A --once run cannot wait for the rest of a file: each one left gets a Skipped row saying why. */
    private void reportLeftIncomplete() {
        Map<Path, String> left;
        synchronized (leftIncomplete) {
            left = new LinkedHashMap<>(leftIncomplete);
        }
        left.forEach((file, reason) -> {
            if (files.exists(file)) {
                parts.listeners().on(new PipelineEvent.Skipped(file, "looks incomplete (" + reason + "): left in"
                        + " place; it is filed once complete, or as it is once it has not changed for "
                        + config.incompleteGrace().toMinutes() + " min"));
            } else {
                leftIncomplete.remove(file);
            }
        });
    }

    /** Starts watching; returns at once. */
    public void startWatching() throws IOException {
        watcher = new InboxWatcher(config.sourceDir(), classifier, settling::offer, parts.systemEvents());
        watcher.start();
    }

    private void enqueue(Path file) {
        if (stopping || !queued.add(file)) {
            return;
        }
        worker.execute(() -> {
            // Busy before it leaves the queue: a --once run must never see it in neither and end early.
            busy.incrementAndGet();
            queued.remove(file);
            try {
                if (stopping) {
                    return;
                }
                Pipeline.Outcome outcome = pipeline.process(file);
                if (outcome == Pipeline.Outcome.HANDLED || outcome == Pipeline.Outcome.FAILED) {
                    processed.incrementAndGet();
                }
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    /** Stops watching, lets the file in progress finish, writes the final statistics and closes the index. */
    @Override
    public void close() {
        stopping = true;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            parts.systemEvents().on(SystemEvent.warning("Closing the watcher: " + e.getMessage()));
        }
        if (settling != null) {
            settling.close();
        }
        if (blocked != null) {
            blocked.close();
        }
        if (filedRechecks != null) {
            filedRechecks.close();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                parts.systemEvents().on(SystemEvent.warning("The file in progress did not finish within "
                        + STOP_GRACE.toSeconds() + " s; it stays in the inbox and is taken again at the next start"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (libraryScan != null) {
            try {
                // The scan stops between two files once it sees the stop; the index must outlive it.
                libraryScan.join(STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        parts.listeners().close();
        parts.statistics().reportStop();
        parts.scheduler().shutdownNow();
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                parts.systemEvents().on(SystemEvent.warning("Closing the library index: " + e.getMessage()));
            }
        }
    }

    Optional<LibraryIndex> index() {
        return Optional.ofNullable(index);
    }
}
