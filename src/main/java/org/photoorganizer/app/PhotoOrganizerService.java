package org.photoorganizer.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
import org.photoorganizer.index.LibraryReader;
import org.photoorganizer.index.LibraryScanner;
import org.photoorganizer.index.Yield;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.move.InterruptedMoveRecovery;
import org.photoorganizer.move.MoveJournal;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.pipeline.Inspection;
import org.photoorganizer.pipeline.Listeners;
import org.photoorganizer.pipeline.OwedRows;
import org.photoorganizer.pipeline.OwedRowsFolder;
import org.photoorganizer.pipeline.Revisits;
import org.photoorganizer.pipeline.Safeguards;
import org.photoorganizer.pipeline.Pipeline;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;
import org.photoorganizer.review.ReviewBackend;
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
    /** How long after its last work the service gives the memory that work took back to the system. */
    public static final Duration TRIM_AFTER = Duration.ofSeconds(5);

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
    /** Lists and reads the library in the background, one task after the other; its thread ends when idle. */
    private final ThreadPoolExecutor libraryWork = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "library-index");
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            });
    private final AtomicBoolean readingQueued = new AtomicBoolean();
    /**
     * Read inbox files ahead of the pipeline (completeness, date, fingerprint, MD5 when needed), one per core, so
     * a batch uses every core while decisions and moves stay on the pipeline thread in order. The threads end
     * when idle.
     */
    private final ThreadPoolExecutor inspectors = inspectors(Runtime.getRuntime().availableProcessors());
    /** The one pending trim ({@link #workEnded}), if any. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> trim =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Files of a --once run read while they settle, until they are taken. */
    private final Map<Path, Future<Inspection>> readAhead = new java.util.concurrent.ConcurrentHashMap<>();
    private final FolderPattern folders;
    private SafeMover mover;

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

    /**
     * Opens the index, finishes interrupted moves and lists the library (size and date of every file,
     * thousands a second), so the index knows every library file before the first inbox file. What the
     * listing leaves unread is read when needed: fingerprints by {@link #runOnce()} before it files (only
     * when the inbox has files), MD5s by the lookups that need them, everything by the watching service
     * in the background.
     */
    public void prepare() throws IOException {
        open();
        listLibrary(false, Yield.NEVER);
    }

    /**
     * Like {@link #prepare()}, but lists the library on a thread of its own while the inbox is already
     * being processed, so a first start over a large library on a slow disk does not keep the inbox
     * waiting. Until the listing is done, a copy of a library photo it has not reached yet is caught only
     * if it would take that photo's name.
     */
    public void prepareWithBackgroundScan() throws IOException {
        open();
        libraryWork.execute(() -> {
            try {
                listLibrary(true, this::awaitPipelineIdle);
            } catch (IOException | RuntimeException e) {
                parts.systemEvents().on(SystemEvent.error("Indexing the library failed: " + e.getMessage()
                        + "; it is tried again at the next start"));
                return;
            }
            readLibraryInBackground();
        });
    }

    private void open() throws IOException {
        if (!dryRun && LibraryIndex.removeLegacyIndex(config.stateDir())) {
            parts.systemEvents().on(SystemEvent.info("The library index of version 1.1.0 (index.db, SQLite) cannot"
                    + " be read by this version and was removed; the index is rebuilt from the library"));
        }
        index = openIndex();
        index.startedOver().ifPresent(why -> parts.systemEvents().on(SystemEvent.warning(
                "The library index could not be read: " + why)));
        FileContent content = new FileContent(files);
        OwedRows owedRows = dryRun ? OwedRows.NONE : new OwedRowsFolder(config.stateDir().resolve("owed-rows"), files);
        if (!dryRun) {
            recoverInterruptedMoves(content, owedRows);
        }
        fingerprints = new SimilarityIndex((int) Math.min(index.count(), 10_000_000));
        index.forEachLibraryFingerprint((id, phash, version) -> {
            if (version == parts.fingerprinter().algorithmVersion()) {
                fingerprints.add(id, phash);
            }
        });
        MoveJournal journal = dryRun ? MoveJournal.NONE : index;
        pipeline = new Pipeline(new Pipeline.Settings(config.sourceDir(), config.deleteDuplicates(),
                config.similarThreshold(), config.incompleteGrace()), files, classifier, parts.dates(),
                parts.fingerprinter(), index, fingerprints, new ImageQualityComparator(),
                new PathPlanner(config.destinationRoot(), folders), mover = new SafeMover(files, content, journal),
                this::onEvent, new Safeguards(new CompletenessCheck(files), parts.clock(), new ServiceRevisits(),
                        owedRows));
        settling = new SettlingQueue(files, parts.scheduler(), config.settle(), System::nanoTime, parts.clock(),
                this::enqueue);
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

    private void listLibrary(boolean inboxMeanwhile, Yield yield) throws IOException {
        if (index.count() == 0) {
            parts.systemEvents().on(SystemEvent.info("Building the library index: the files already in "
                    + config.destinationRoot() + " are listed (size and date), then read in the background "
                    + "(similar-image fingerprints, then MD5s; progress every 30 s); the inbox is processed "
                    + (inboxMeanwhile ? "meanwhile" : "once they are listed and fingerprinted")));
        }
        LibraryScanner.Result result = new LibraryScanner(index, files, classifier, parts.fingerprinter(), folders,
                parts.systemEvents(), System::nanoTime).cancelledWhen(() -> stopping).yieldingTo(yield).reconcile();
        if (result.complete() && (result.updated() > 0 || result.removed() > 0)) {
            parts.systemEvents().on(SystemEvent.info("Library index up to date: " + result.checked() + " files, "
                    + result.updated() + " new or changed, " + result.removed() + " removed"));
        }
    }

    /** Queues the reading of what the index lacks (once; a queued reading covers later requests too). */
    private void readLibraryInBackground() {
        if (stopping || !readingQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            libraryWork.execute(this::readLibrary);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            readingQueued.set(false);
        }
    }

    private void readLibrary() {
        readingQueued.set(false);
        try {
            if (!stopping && index.unreadCount() > 0) {
                new LibraryReader(index, files, classifier, parts.fingerprinter(), parts.systemEvents(),
                        System::nanoTime).onRead(this::addFingerprint).cancelledWhen(() -> stopping)
                        .yieldingTo(this::awaitPipelineIdle).readAll();
            }
        } catch (IOException | RuntimeException e) {
            parts.systemEvents().on(SystemEvent.error("Reading the library failed: " + e.getMessage()
                    + "; it goes on at the next start"));
        } finally {
            workEnded();
        }
    }

    /**
     * Work ended (the pipeline ran out of files, the library reading is done): {@link #TRIM_AFTER} later, if
     * nothing else started meanwhile, the index's page cache is dropped and one full collection gives the heap
     * that work grew back to the system (the package's JVM options let the heap shrink, see conf/jvm.options).
     * One timer per batch, never a period: an idle service stays idle.
     */
    private void workEnded() {
        if (once || stopping) {
            return;
        }
        java.util.concurrent.ScheduledFuture<?> next;
        try {
            next = parts.scheduler().schedule(this::trimIfIdle, TRIM_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return;
        }
        java.util.concurrent.ScheduledFuture<?> previous = trim.getAndSet(next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void trimIfIdle() {
        if (!stopping && busy.get() == 0 && queued.isEmpty() && libraryWork.getActiveCount() == 0
                && libraryWork.getQueue().isEmpty()) {
            // The index's page cache first: the pages of the batch's lookups would otherwise stay live (~3 MB).
            index.releaseCache();
            System.gc();
        }
    }

    /** Background work on the library waits while the pipeline has files (checked only while it has). */
    private void awaitPipelineIdle(BooleanSupplier cancelled) {
        while (!cancelled.getAsBoolean() && !stopping && (busy.get() > 0 || !queued.isEmpty())) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Before each file: an index file deleted or replaced meanwhile (a restore from a backup) is noticed
     * here, when there is work, and rebuilt from the library before the file is judged against it.
     */
    private void rebuildIndexIfLost() {
        try {
            Optional<String> lost = index.startOverIfLost();
            if (lost.isPresent()) {
                parts.systemEvents().on(SystemEvent.warning(lost.get()));
                listLibrary(false, Yield.NEVER);
                readLibraryInBackground();
            }
        } catch (IOException | RuntimeException e) {
            parts.systemEvents().on(SystemEvent.error("The library index could not be rebuilt: " + e.getMessage()));
        }
    }

    private void addFingerprint(LibraryIndex.Entry entry) {
        if (entry.area() == LibraryIndex.Area.LIBRARY && entry.fingerprint().isPresent()
                && entry.fingerprint().get().algorithmVersion() == parts.fingerprinter().algorithmVersion()) {
            fingerprints.add(entry.id(), entry.fingerprint().get().phash());
        }
    }

    private LibraryIndex openIndex() throws IOException {
        Path indexFile = config.stateDir().resolve(LibraryIndex.FILE_NAME);
        if (!dryRun) {
            return LibraryIndex.open(indexFile, config.destinationRoot(), files);
        }
        // A dry run works on a private copy: the index file is only read.
        return LibraryIndex.scratchCopyOf(indexFile, config.destinationRoot(), files);
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

    /**
     * Processes what is in the inbox now, waits for it to settle and be done; returns the exit code. With
     * files to file, the fingerprints of library photos not read yet are read first, so every similar-image
     * verdict counts on the whole library.
     */
    public int runOnce() throws IOException, InterruptedException {
        once = true;
        long start = System.nanoTime();
        List<Path> inbox = new ArrayList<>();
        new InboxScanner(classifier).scan(config.sourceDir(), inbox::add, dir -> { });
        if (!inbox.isEmpty() && index.unreadCount() > 0) {
            parts.systemEvents().on(SystemEvent.info("Reading the similar-image fingerprints of library photos not"
                    + " read yet before filing the inbox (" + index.unreadCount() + " files to look at)"));
            new LibraryReader(index, files, classifier, parts.fingerprinter(), parts.systemEvents(), System::nanoTime)
                    .onRead(this::addFingerprint).cancelledWhen(() -> stopping).readFingerprints();
        }
        // Read ahead in the order the settling queue hands files on (the order of their last change): the pipeline
        // then finds each file read when it gets to it, and of a photo and its copy, the one read first (decoded;
        // the other waits, see Pipeline.inspect) is the one filed first.
        // Each file's time read once: a comparator reading it would stat every file ~2 log2(n) times.
        Map<Path, java.time.Instant> lastChanged = new java.util.HashMap<>();
        for (Path file : inbox) {
            lastChanged.put(file, lastChangedOrEarliest(file));
        }
        inbox.sort(java.util.Comparator.comparing(lastChanged::get));
        for (Path file : inbox) {
            // Read while it settles: a file that changes meanwhile is read again when it is taken.
            readAhead.put(file, inspect(file));
            settling.offer(file);
        }
        while (settling.pendingCount() > 0 || !queued.isEmpty() || busy.get() > 0) {
            // A run of its own (never the watching service): looking often costs nothing and ends it on time.
            Thread.sleep(5);
        }
        // Files that went before they settled were read for nothing.
        readAhead.clear();
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

    /** Starts watching; returns at once. What the index has not read of the library is read in the background. */
    public void startWatching() throws IOException {
        watcher = new InboxWatcher(config.sourceDir(), classifier, settling::offer, parts.systemEvents());
        watcher.start();
        if (index.unreadCount() > 0) {
            readLibraryInBackground();
        }
    }

    private static ThreadPoolExecutor inspectors(int cores) {
        int threads = Math.max(1, Math.min(4, cores));
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "inspector-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void enqueue(Path file) {
        if (stopping || !queued.add(file)) {
            return;
        }
        Future<Inspection> started = readAhead.remove(file);
        Future<Inspection> ahead = started != null ? started : inspect(file);
        worker.execute(() -> {
            // Busy before it leaves the queue: a --once run must never see it in neither and end early.
            busy.incrementAndGet();
            queued.remove(file);
            try {
                if (stopping) {
                    return;
                }
                rebuildIndexIfLost();
                Pipeline.Outcome outcome = pipeline.process(file, awaited(ahead));
                if (outcome == Pipeline.Outcome.HANDLED || outcome == Pipeline.Outcome.FAILED) {
                    processed.incrementAndGet();
                }
            } finally {
                if (queued.isEmpty()) {
                    // The end of a batch: the inbox names removed meanwhile go to the disk in one sync per folder.
                    mover.flush();
                    workEnded();
                }
                busy.decrementAndGet();
            }
        });
    }

    private java.time.Instant lastChangedOrEarliest(Path file) {
        try {
            return files.lastChanged(file);
        } catch (IOException e) {
            return java.time.Instant.MIN;
        }
    }

    /** Starts reading {@code file} ahead of the pipeline; a stopping service reads nothing ahead. */
    private Future<Inspection> inspect(Path file) {
        try {
            return inspectors.submit(() -> stopping ? Inspection.NONE : pipeline.inspect(file));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return java.util.concurrent.CompletableFuture.completedFuture(Inspection.NONE);
        }
    }

    /** What was read ahead; nothing when the reading was cut short (the pipeline then reads the file itself). */
    private static Inspection awaited(Future<Inspection> ahead) {
        try {
            return ahead.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return Inspection.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Inspection.NONE;
        }
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
        inspectors.shutdown();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                parts.systemEvents().on(SystemEvent.warning("The file in progress did not finish within "
                        + STOP_GRACE.toSeconds() + " s; it stays in the inbox and is taken again at the next start"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mover != null && worker.isTerminated()) {
            mover.flush();
        }
        libraryWork.shutdown();
        try {
            // Listing and reading stop between two files once they see the stop; the index must outlive them.
            libraryWork.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** The library index while the service runs (its store file is locked meanwhile); for checks and tests. */
    public Optional<LibraryIndex> index() {
        return Optional.ofNullable(index);
    }

    /** The review page's view of this service; valid once {@link #prepare} or its background variant ran. */
    public ReviewBackend reviewBackend() {
        return new ReviewBackend() {
            @Override
            public Activity activity() {
                return new Activity(settling == null ? 0 : settling.pendingCount(), queued.size(), busy.get() > 0,
                        libraryWork.getActiveCount() > 0 || !libraryWork.getQueue().isEmpty());
            }

            @Override
            public <T> T onPipeline(Callable<T> work, long waitMillis) throws Exception {
                if (stopping) {
                    throw new IllegalStateException("the service is stopping");
                }
                Future<T> result = worker.submit(() -> {
                    try {
                        return work.call();
                    } finally {
                        mover.flush();
                    }
                });
                try {
                    return result.get(waitMillis, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }

            @Override
            public Pipeline pipeline() {
                return pipeline;
            }

            @Override
            public SafeMover mover() {
                return mover;
            }

            @Override
            public LibraryIndex index() {
                return index;
            }
        };
    }
}
