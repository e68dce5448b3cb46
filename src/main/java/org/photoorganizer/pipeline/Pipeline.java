package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.dedupe.ExactCopyFinder;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.QualityRule;
import org.photoorganizer.dedupe.SimilarityLookup;
import org.photoorganizer.format.Completeness;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.move.SourceChangedException;
import org.photoorganizer.plan.PathPlanner;

/**
 * Takes one settled inbox file through date extraction → path planning → duplicate resolution → move
 * (SPEC "Where a file goes", "Duplicates"), and reports what happened as {@link PipelineEvent}s.
 *
 * <p>Not thread-safe: one pipeline thread processes one file at a time, which also makes "the same
 * file arriving twice at once" a non-event. A file that fails is left where it is with an Error
 * event, and is not tried again until its size or modification time changes.
 */
public final class Pipeline {

    /**
     * What became of one call to {@link #process}. {@link #INCOMPLETE}: the file looks cut short and changed
     * within the grace time; it was left alone, without a row, and handed to {@link Revisits#incomplete}.
     */
    public enum Outcome { HANDLED, SKIPPED, IGNORED, FAILED, GONE, INCOMPLETE }

    /**
     * @param incompleteGrace how long after its last change a file that still looks incomplete is filed as it
     *                        is, with a row saying so
     */
    public record Settings(Path sourceRoot, boolean deleteDuplicates, int similarThreshold, Duration incompleteGrace) {
        public static final Duration DEFAULT_INCOMPLETE_GRACE = Duration.ofHours(1);

        public Settings(Path sourceRoot, boolean deleteDuplicates, int similarThreshold) {
            this(sourceRoot, deleteDuplicates, similarThreshold, DEFAULT_INCOMPLETE_GRACE);
        }
    }

    private final Settings settings;
    private final FileOps files;
    private final FileContent content;
    private final FileClassifier classifier;
    private final CaptureDateExtractor dates;
    private final ImageFingerprinter fingerprinter;
    private final LibraryIndex index;
    private final ExactCopyFinder exactCopies;
    private final SimilarityLookup similar;
    private final QualityRule quality;
    private final PathPlanner planner;
    private final SafeMover mover;
    private final PipelineListener listener;
    private final Companions companions;
    private final LibraryPlacer placer;
    private final SimilarVerdicts verdicts;
    private final ReportedFiles reported = new ReportedFiles();
    private final SameSizeArrivals arrivals = new SameSizeArrivals();
    private final Safeguards safeguards;
    private final IncompleteFiles incomplete;

    public Pipeline(Settings settings, FileOps files, FileClassifier classifier, CaptureDateExtractor dates,
                    ImageFingerprinter fingerprinter, LibraryIndex index, SimilarityLookup similar,
                    QualityRule quality, PathPlanner planner, SafeMover mover, PipelineListener listener) {
        this(settings, files, classifier, dates, fingerprinter, index, similar, quality, planner, mover, listener,
                Safeguards.defaults(files));
    }

    public Pipeline(Settings settings, FileOps files, FileClassifier classifier, CaptureDateExtractor dates,
                    ImageFingerprinter fingerprinter, LibraryIndex index, SimilarityLookup similar,
                    QualityRule quality, PathPlanner planner, SafeMover mover, PipelineListener listener,
                    Safeguards safeguards) {
        this.safeguards = safeguards;
        this.incomplete = new IncompleteFiles(files, safeguards, settings.incompleteGrace());
        this.settings = settings;
        this.files = files;
        this.content = new FileContent(files);
        this.classifier = classifier;
        this.dates = dates;
        this.fingerprinter = fingerprinter;
        this.index = index;
        this.exactCopies = new ExactCopyFinder(index, files, content);
        this.similar = similar;
        this.quality = quality;
        this.planner = planner;
        this.mover = mover;
        // A row owed across a crash is paid once the listeners (the CSV log among them) have its event.
        this.listener = event -> {
            listener.on(event);
            safeguards.owedRows().paid(event);
        };
        this.companions = new Companions(files, classifier);
        this.placer = new LibraryPlacer(files, content, classifier, fingerprinter, index, similar, mover,
                safeguards.owedRows());
        this.verdicts = new SimilarVerdicts(files, dates, fingerprinter, index, similar, settings.similarThreshold());
    }

    public Outcome process(Path source) {
        return process(source, Inspection.NONE);
    }

    /**
     * Like {@link #process(Path)}, with what was read of the file ahead ({@link #inspect}); used only while the
     * file is still as it was read.
     */
    public Outcome process(Path source, Inspection ahead) {
        try {
            return processOrThrow(source, ahead);
        } catch (IOException | RuntimeException e) {
            Outcome outcome = fail(source, e);
            payWhatIsOwed();
            fileLivePhotoVideosOnTheirOwn(source);
            return outcome;
        } finally {
            if (ahead.size() >= 0) {
                arrivals.forget(source, ahead.size());
            }
        }
    }

    /**
     * A step that owed a row (a library file moved into Duplicates for a better version) may have happened
     * before a later step failed: its row is written now, not only at the next start.
     */
    private void payWhatIsOwed() {
        try {
            for (PipelineEvent owed : safeguards.owedRows().settle(files)) {
                listener.on(owed);
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Pipeline.class).warn("Could not write the rows owed: {}", e.toString());
        }
    }

    /**
     * A Live Photo's video waits for its photo; when the photo fails, the video would wait for ever, so
     * it is filed on its own (it no longer waits for a photo that failed and has not changed since).
     */
    private void fileLivePhotoVideosOnTheirOwn(Path failedPhoto) {
        if (!reported.hasFailed(failedPhoto)) {
            return;
        }
        for (Companions.Companion companion : companions.of(failedPhoto)) {
            if (companion.livePhotoVideo()) {
                process(companion.path());
            }
        }
    }

    /** True when the video's photo is beside it and may still take it along. */
    private boolean waitsForItsPhoto(Path video) throws IOException {
        Optional<Path> photo = companions.photoFor(video);
        if (photo.isEmpty()) {
            return false;
        }
        try {
            return !reported.failedUnchanged(photo.get(), FileSnapshot.of(files.attributes(photo.get())));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Reads ahead what {@link #process} will need of an inbox file: its completeness, then its date and picture
     * (not the picture of a likely exact copy, see {@link Picture}; its MD5 only if an exact-copy lookup needs it,
     * see {@link Md5}). Changes nothing (it reads the file, the first kilobytes of a file it may copy, and the
     * index), so it may run on any thread, several at once, while the pipeline thread works on earlier files. Of
     * files of one size read ahead together, the first read is decoded and the later ones that begin like it wait
     * ({@link SameSizeArrivals}): read ahead in the order the files are taken, that first one is filed first.
     * Reads nothing of a file the pipeline would not file (not a regular media file, empty, a Live Photo video that
     * waits for its photo); any read error is kept in the inspection, to be reported by {@link #process}.
     */
    public Inspection inspect(Path source) {
        try {
            BasicFileAttributes attributes = files.attributes(source);
            if (attributes.isSymbolicLink() || !attributes.isRegularFile()
                    || classifier.classify(source) != FileClassifier.Verdict.MEDIA) {
                return Inspection.NONE;
            }
            MediaKind kind = classifier.kindOf(source).orElse(null);
            FileSnapshot snapshot = FileSnapshot.of(attributes);
            if (kind == null || snapshot.size() == 0
                    || kind == MediaKind.VIDEO && companions.photoFor(source).isPresent()) {
                return Inspection.NONE;
            }
            Inspection.Read<Completeness> complete = Inspection.Read.of(() -> safeguards.completeness().check(source));
            if (complete.failure() != null || complete.value().isIncomplete()) {
                return new Inspection(snapshot, complete, null);
            }
            return new Inspection(snapshot, complete,
                    Inspection.Read.of(() -> readContents(source, kind, snapshot.size(), true)));
        } catch (IOException | RuntimeException e) {
            // The pipeline looks at the file itself, and says why it cannot be read.
            return Inspection.NONE;
        }
    }

    /**
     * The date of a file, its picture (read now unless the file is likely an exact copy: see {@link Picture}), and
     * its MD5 to be read when needed.
     */
    private Inspection.Contents readContents(Path source, MediaKind kind, long size, boolean ahead)
            throws IOException {
        Optional<CaptureDate> date = dates.extract(source, kind);
        Picture picture;
        if (kind != MediaKind.IMAGE) {
            picture = Picture.known(ImageReading.NOT_CHECKED);
        } else if (likelyCopy(source, size, ahead)) {
            picture = Picture.whenNeeded(() -> fingerprinter.read(source, kind));
        } else {
            picture = Picture.readNow(() -> fingerprinter.read(source, kind));
        }
        return new Inspection.Contents(Md5.of(source, content), date, picture);
    }

    /**
     * True when {@code source} begins like a library file of its size, or, when read ahead, like an inbox file of
     * its size read ahead of it (which the pipeline files first). A hint for what to read now: a fault reading
     * either file only means "read it now", where a fault of the file's own is reported.
     */
    private boolean likelyCopy(Path source, long size, boolean ahead) {
        if (ahead) {
            Optional<Path> earlier = arrivals.earlierOf(source, size);
            if (earlier.isPresent() && beginAlike(source, earlier.get())) {
                return true;
            }
            // The earlier one may have been filed meanwhile: the library is asked next.
        }
        try {
            return exactCopies.likelyFinds(source, size);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean beginAlike(Path source, Path other) {
        try {
            return content.sameStart(source, other, ExactCopyFinder.LIKELY_COPY_PREFIX);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Outcome processOrThrow(Path source, Inspection ahead) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = files.attributes(source);
        } catch (NoSuchFileException e) {
            return Outcome.GONE;
        }
        if (attributes.isSymbolicLink()) {
            return skipOnce(source, "symbolic link: not followed, left in place");
        }
        if (!attributes.isRegularFile()) {
            return Outcome.IGNORED;
        }
        switch (classifier.classify(source)) {
            case IGNORED:
                return Outcome.IGNORED;
            case OTHER:
                return skipOnce(source, "not a photo or video: left in place");
            case SIDECAR:
                // Taken along with its photo; only a sidecar whose photo is not beside it is reported.
                return companions.photoFor(source).isPresent() ? Outcome.IGNORED
                        : skipOnce(source, "sidecar without a photo of the same name: left in place");
            default:
                break;
        }
        FileSnapshot snapshot = FileSnapshot.of(attributes);
        if (reported.failedUnchanged(source, snapshot)) {
            return Outcome.FAILED;
        }
        NameEncoding.requireText(source);
        MediaKind kind = classifier.kindOf(source).orElseThrow();
        if (kind == MediaKind.VIDEO && waitsForItsPhoto(source)) {
            return Outcome.IGNORED;
        }
        Inspection read = ahead.ifStill(snapshot);
        if (snapshot.size() > 0 && !incomplete.mayBeFiled(source, read.completeness())) {
            return Outcome.INCOMPLETE;
        }
        listener.on(new PipelineEvent.Detected(source, snapshot.size()));
        if (snapshot.size() == 0) {
            throw new IOException("empty file (0 bytes): left in place");
        }
        Inspection.Contents contents = read.contents() != null ? read.contents().get()
                : readContents(source, kind, snapshot.size(), false);
        List<Companions.Companion> travelling = companions.of(source);
        Optional<LibraryIndex.Entry> copy = exactCopies.find(source, snapshot.size(), contents.md5()::get);
        ImageReading picture = copy.isPresent() ? contents.picture().orThatOfItsCopy(copy.get().fingerprint())
                : contents.picture().get();
        Incoming incoming = new Incoming(source, source.getFileName().toString(), kind, snapshot.size(),
                contents.md5(), contents.date(), picture, snapshot);
        Landing landing;
        if (copy.isPresent()) {
            landing = handleExactCopy(incoming, copy.get());
        } else {
            SimilarVerdicts.Result similarFound = verdicts.find(incoming);
            landing = similarFound.verdict().isPresent()
                    ? handleSimilar(similarFound.incoming(), similarFound.verdict().get())
                    : fileIntoLibrary(similarFound.incoming(), ComparisonNotes.of(similarFound.incoming().picture()));
        }
        reported.forgetFailure(source);
        carryCompanions(travelling, landing);
        removeEmptyFolders(source.getParent());
        return Outcome.HANDLED;
    }

    /** Where an incoming file's content now lives: moved to {@code path}, or deleted as a copy of it. */
    private record Landing(Path path, boolean deleted) {}

    private Landing fileIntoLibrary(Incoming incoming, String note) throws IOException {
        LibraryPlacer.Placement placement = placer.place(incoming, planner.libraryCandidates(incoming.date(), incoming.name()),
                incoming.date().isPresent() ? Area.LIBRARY : Area.NO_DATE);
        if (placement.identical().isPresent()) {
            return handleExactCopy(incoming, placement.identical().get());
        }
        listener.on(new PipelineEvent.Filed(incoming.source(), placement.target(), incoming.size(),
                incomplete.noteFor(incoming.source(), note)));
        if (placement.inPlace() && incomplete.quietTimeOnly(incoming.source())) {
            safeguards.revisits().filedInPlace(placement.target());
        }
        return new Landing(placement.target(), false);
    }

    private Landing handleExactCopy(Incoming incoming, LibraryIndex.Entry kept) throws IOException {
        if (sameFile(incoming.source(), kept.path())) {
            return finishMove(incoming, kept);
        }
        if (settings.deleteDuplicates() || kept.area() == Area.DUPLICATES) {
            return deleteDuplicate(incoming, kept);
        }
        Optional<LibraryIndex.Entry> alreadyInDuplicates = exactCopies.find(incoming.source(), incoming.size(),
                incoming.md5()::get, entry -> entry.area() == Area.DUPLICATES);
        if (alreadyInDuplicates.isPresent()) {
            return deleteDuplicate(incoming, alreadyInDuplicates.get());
        }
        LibraryPlacer.Placement placement = placer.place(incoming, planner.duplicateCandidates(incoming.date(), incoming.name()),
                Area.DUPLICATES, target -> new PipelineEvent.MovedToDuplicates(incoming.source(), target, kept.path(),
                        incoming.size()));
        if (placement.identical().isPresent()) {
            return deleteDuplicate(incoming, placement.identical().get());
        }
        listener.on(new PipelineEvent.MovedToDuplicates(incoming.source(), placement.target(), kept.path(),
                incoming.size()));
        return new Landing(placement.target(), false);
    }

    /** Two names of one file (its identity): not a copy, one photo. */
    private boolean sameFile(Path a, Path b) throws IOException {
        Object key = files.attributes(a).fileKey();
        return key != null && key.equals(files.attributes(b).fileKey());
    }

    /**
     * An inbox name of a file the library already holds under {@code filed}: what a move leaves when a power cut
     * undid the removal of its inbox name after its library name was on the disk (that removal is forced to the
     * disk a little later, with the next ones: see SafeMover). The move is finished: the inbox name goes, nothing
     * is lost, and the row says so.
     */
    private Landing finishMove(Incoming incoming, LibraryIndex.Entry filed) throws IOException {
        placer.requireUnchanged(incoming);
        files.delete(incoming.source());
        listener.on(new PipelineEvent.Filed(incoming.source(), filed.path(), incoming.size(),
                "its library name was already there (a move a crash or power cut interrupted); its inbox name was"
                        + " removed"));
        return new Landing(filed.path(), false);
    }

    /** Deletes an incoming file whose bytes were just confirmed identical to {@code kept}, which stays. */
    private Landing deleteDuplicate(Incoming incoming, LibraryIndex.Entry kept) throws IOException {
        placer.requireUnchanged(incoming);
        if (!files.exists(kept.path())) {
            throw new IOException("the identical copy " + kept.path() + " disappeared; nothing deleted");
        }
        PipelineEvent.DuplicateDeleted row = new PipelineEvent.DuplicateDeleted(incoming.source(), kept.path(),
                incoming.size());
        safeguards.owedRows().owe(row);
        files.delete(incoming.source());
        listener.on(row);
        return new Landing(kept.path(), true);
    }

    /**
     * Moves sidecars and a Live Photo's video to the photo's new name. When the photo was deleted as a
     * duplicate, a sidecar joins the kept copy if that has none (and is deleted if that one is identical),
     * and the video is filed on its own.
     */
    private void carryCompanions(List<Companions.Companion> travelling, Landing landing) {
        for (Companions.Companion companion : travelling) {
            try {
                if (!files.exists(companion.path())) {
                    continue;
                }
                Path target = companion.besides(landing.path());
                if (companion.livePhotoVideo()) {
                    carryLivePhotoVideo(companion.path(), landing.deleted() ? Optional.empty() : Optional.of(target));
                    continue;
                }
                long size = files.attributes(companion.path()).size();
                if (!files.exists(target)) {
                    mover.move(companion.path(), target);
                    listener.on(new PipelineEvent.Filed(companion.path(), target, size));
                } else if (content.sameBytes(companion.path(), target)) {
                    PipelineEvent.DuplicateDeleted row = new PipelineEvent.DuplicateDeleted(companion.path(), target,
                            size);
                    safeguards.owedRows().owe(row);
                    files.delete(companion.path());
                    listener.on(row);
                } else {
                    skipOnce(companion.path(), "sidecar of a photo filed as " + landing.path().getFileName()
                            + ", but " + target + " already exists: left in place");
                }
            } catch (IOException | RuntimeException e) {
                fail(companion.path(), e);
            }
        }
    }

    /** The video of a Live Photo: at the photo's new name when it is free, otherwise filed on its own. */
    private void carryLivePhotoVideo(Path video, Optional<Path> besidePhoto) throws IOException {
        if (!incomplete.mayBeFiled(video)) {
            // Still being written: it is taken on its own once complete.
            return;
        }
        BasicFileAttributes attributes = files.attributes(video);
        FileSnapshot snapshot = FileSnapshot.of(attributes);
        listener.on(new PipelineEvent.Detected(video, snapshot.size()));
        Optional<CaptureDate> date = dates.extract(video, MediaKind.VIDEO);
        Incoming incoming = new Incoming(video, video.getFileName().toString(), MediaKind.VIDEO, snapshot.size(),
                Md5.of(video, content), date, Optional.empty(), snapshot);
        Optional<LibraryIndex.Entry> copy = exactCopies.find(video, incoming.size(), incoming.md5()::get);
        if (copy.isPresent()) {
            handleExactCopy(incoming, copy.get());
            return;
        }
        Iterator<Path> own = planner.libraryCandidates(date, incoming.name());
        Area area = besidePhoto.map(this::areaOf).orElse(date.isPresent() ? Area.LIBRARY : Area.NO_DATE);
        LibraryPlacer.Placement placement = placer.place(incoming, besidePhoto.map(first -> LibraryPlacer.preferring(first, own)).orElse(own), area);
        if (placement.identical().isPresent()) {
            handleExactCopy(incoming, placement.identical().get());
        } else {
            listener.on(new PipelineEvent.Filed(video, placement.target(), incoming.size(), incomplete.noteFor(video, "")));
        }
    }

    private Area areaOf(Path libraryPath) {
        if (libraryPath.startsWith(planner.duplicatesDir())) {
            return Area.DUPLICATES;
        }
        return libraryPath.startsWith(planner.noDateDir()) ? Area.NO_DATE : Area.LIBRARY;
    }

    /**
     * Two versions of one picture: the better one has (or takes) the library place under its own capture date,
     * the lesser goes to Duplicates. Neither is ever deleted: similar is not identical. A better file without
     * any date does not displace a dated photo: it is filed in NoDateFound/ like every dateless file.
     */
    private Landing handleSimilar(Incoming incoming, SimilarVerdicts.Verdict found) throws IOException {
        LibraryIndex.Entry existing = found.libraryFile();
        QualityRule.Candidate incomingSide = new QualityRule.Candidate(incoming.fingerprint().orElseThrow(),
                found.incomingPicture().origin(), incoming.size());
        QualityRule.Candidate librarySide = new QualityRule.Candidate(found.libraryPicture().fingerprint()
                .orElseThrow(), found.libraryPicture().origin(), existing.size());
        if (!quality.firstIsBetter(incomingSide, librarySide)) {
            LibraryPlacer.Placement placement = placer.place(incoming, planner.duplicateCandidates(incoming.date(), incoming.name()),
                    Area.DUPLICATES, target -> new PipelineEvent.SimilarImage(incoming.source(), target, existing.path(),
                            found.distance(), incoming.size()));
            if (placement.identical().isPresent()) {
                return deleteDuplicate(incoming, placement.identical().get());
            }
            listener.on(new PipelineEvent.SimilarImage(incoming.source(), placement.target(), existing.path(),
                    found.distance(), incoming.size()));
            return new Landing(placement.target(), false);
        }
        if (incoming.date().isEmpty()) {
            return fileIntoLibrary(incoming, ComparisonNotes.dateless(existing.path()));
        }
        Incoming stepsAside = describeLibraryFile(existing, found.libraryDate());
        // The row owed if a crash comes before the better version is placed names it where it still is: its own
        // date-name is chosen only once the library file has stepped aside.
        LibraryPlacer.Placement aside = placer.place(stepsAside, planner.duplicateCandidates(stepsAside.date(), stepsAside.name()),
                Area.DUPLICATES, target -> new PipelineEvent.SimilarImage(existing.path(), target, incoming.source(),
                        found.distance(), existing.size()));
        if (aside.identical().isPresent()) {
            deleteDuplicate(stepsAside, aside.identical().get());
        }
        index.remove(existing.path());
        similar.remove(existing.id());
        // Its own date-name: the displaced file's name belongs to another photo (a burst frame, another camera).
        LibraryPlacer.Placement placed = placer.place(incoming, planner.libraryCandidates(incoming.date(), incoming.name()),
                Area.LIBRARY, target -> new PipelineEvent.Filed(incoming.source(), target, incoming.size()));
        if (placed.identical().isPresent()) {
            return handleExactCopy(incoming, placed.identical().get());
        }
        listener.on(new PipelineEvent.Filed(incoming.source(), placed.target(), incoming.size()));
        if (aside.identical().isEmpty()) {
            listener.on(new PipelineEvent.SimilarImage(existing.path(), aside.target(), placed.target(),
                    found.distance(), existing.size()));
        }
        return new Landing(placed.target(), false);
    }

    private Incoming describeLibraryFile(LibraryIndex.Entry entry, Optional<CaptureDate> date) throws IOException {
        FileSnapshot snapshot = FileSnapshot.of(files.attributes(entry.path()));
        MediaKind kind = classifier.kindOf(entry.path()).orElse(MediaKind.IMAGE);
        return new Incoming(entry.path(), entry.path().getFileName().toString(), kind, entry.size(),
                entry.md5() != null ? Md5.known(entry.md5()) : Md5.of(entry.path(), content), date,
                entry.fingerprint(), snapshot);
    }

    private void removeEmptyFolders(Path folder) {
        Path root = settings.sourceRoot();
        Path current = folder;
        try {
            while (current != null && current.startsWith(root) && !current.equals(root)
                    && files.deleteEmptyDirectory(current)) {
                current = current.getParent();
            }
        } catch (IOException e) {
            // An inbox sub-folder we may not remove is harmless; it is tried again next time.
        }
    }

    private Outcome skipOnce(Path source, String reason) {
        if (reported.firstSkip(source)) {
            listener.on(new PipelineEvent.Skipped(source, reason));
        }
        return Outcome.SKIPPED;
    }

    private Outcome fail(Path source, Exception e) {
        String message = FailureMessages.describe(e);
        if (!message.contains("left in place")) {
            // Said only when true: a failure after the move (e.g. the index disk full) leaves no inbox file.
            message += files.exists(source) ? "; left in place" : "; the file is no longer in the inbox";
        }
        boolean destination = FailureMessages.isDestinationProblem(e);
        boolean again;
        try {
            FileSnapshot now = FileSnapshot.of(files.attributes(source));
            again = reported.alreadyReported(source, now, message);
            // A full or read-only destination is retried (Revisits); a file that changed is taken again once it
            // settles; anything else waits until the file changes.
            reported.failed(source, now, message, destination || e instanceof SourceChangedException);
        } catch (IOException | RuntimeException gone) {
            reported.forgetFailure(source);
            again = false;
        }
        if (!again) {
            listener.on(new PipelineEvent.Failed(source, message));
        }
        if (destination && files.exists(source)) {
            safeguards.revisits().destinationUnavailable(source);
        }
        return Outcome.FAILED;
    }

    /**
     * A library file that was filed while a writer may still have had it open ({@link Revisits#filedInPlace})
     * and has changed since: reads it again and fixes its index row (MD5, size, fingerprint).
     */
    public void refreshIndexEntry(Path libraryFile) {
        try {
            placer.refresh(libraryFile, areaOf(libraryFile));
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Pipeline.class).warn("Could not re-index {}: {}", libraryFile,
                    e.toString());
        }
    }

    /** For tests: the files that failed and have not changed since. */
    List<Path> failedFiles() {
        return reported.failedFiles();
    }

    /**
     * Takes a file that failed through the pipeline again now, although it has not changed (the review
     * page's "retry"). Call it on the pipeline thread.
     */
    public Outcome retry(Path source) {
        reported.forgetFailure(source);
        return process(source);
    }

    /**
     * Files a file that lies in {@code NoDateFound/} or {@code Duplicates/} (the review page's actions; call
     * it on the pipeline thread). With a {@code date} the file gets the same decisions as an inbox file taken
     * on that date (exact copy, similar image, or its date-name in the library). Without one it goes into the
     * library under its own capture date with no similarity decision: the person keeps it beside its similar
     * version. A failure leaves it where it was, indexed as before, with an Error row.
     */
    public Outcome refile(Path file, Optional<CaptureDate> date) {
        Optional<LibraryIndex.Entry> row = Optional.empty();
        try {
            row = index.findByPath(file);
            BasicFileAttributes attributes = files.attributes(file);
            if (attributes.isSymbolicLink() || !attributes.isRegularFile()) {
                throw new IOException("not a regular file: left in place");
            }
            MediaKind kind = classifier.kindOf(file).orElseThrow(() ->
                    new IOException("not a photo or video: left in place"));
            FileSnapshot snapshot = FileSnapshot.of(attributes);
            Optional<CaptureDate> when = date.isPresent() ? date : dates.extract(file, kind);
            ImageReading picture = kind == MediaKind.IMAGE ? fingerprinter.read(file, kind) : ImageReading.NOT_CHECKED;
            Incoming incoming = new Incoming(file, file.getFileName().toString(), kind, snapshot.size(),
                    Md5.of(file, content), when, picture, snapshot);
            List<Companions.Companion> travelling = companions.of(file);
            // Out of the index first, or it would be found as an exact copy of itself (and deleted as one).
            index.remove(file);
            Landing landing;
            if (date.isEmpty()) {
                landing = fileIntoLibrary(incoming, "");
            } else {
                Optional<LibraryIndex.Entry> copy = exactCopies.find(file, incoming.size(), incoming.md5()::get);
                if (copy.isPresent()) {
                    landing = handleExactCopy(incoming, copy.get());
                } else {
                    SimilarVerdicts.Result similarFound = verdicts.find(incoming);
                    landing = similarFound.verdict().isPresent()
                            ? handleSimilar(similarFound.incoming(), similarFound.verdict().get())
                            : fileIntoLibrary(similarFound.incoming(), ComparisonNotes.of(similarFound.incoming().picture()));
                }
            }
            carryCompanions(travelling, landing);
            return Outcome.HANDLED;
        } catch (IOException | RuntimeException e) {
            restoreRow(file, row);
            return fail(file, e);
        }
    }

    private void restoreRow(Path file, Optional<LibraryIndex.Entry> row) {
        try {
            if (row.isPresent() && files.exists(file) && index.findByPath(file).isEmpty()) {
                LibraryIndex.Entry entry = row.get();
                index.put(file, entry.size(), entry.modifiedMillis(), entry.md5(), entry.fingerprint(), entry.area());
            }
        } catch (IOException | RuntimeException e) {
            // The start-up reconciliation indexes it again.
        }
    }
}
