package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.dedupe.ExactCopyFinder;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.QualityRule;
import org.photoorganizer.dedupe.SimilarityLookup;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.SafeMover;
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

    /** What became of one call to {@link #process}. */
    public enum Outcome { HANDLED, SKIPPED, IGNORED, FAILED, GONE }

    public record Settings(Path sourceRoot, boolean deleteDuplicates, int similarThreshold) {}

    private static final int MAX_NAME_ATTEMPTS = 100_000;
    private static final int REMEMBERED_FILES = 10_000;

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
    private final Set<Path> reportedSkips = Collections.newSetFromMap(boundedMap());
    private final Map<Path, Snapshot> reportedFailures = boundedMap();

    public Pipeline(Settings settings, FileOps files, FileClassifier classifier, CaptureDateExtractor dates,
                    ImageFingerprinter fingerprinter, LibraryIndex index, SimilarityLookup similar,
                    QualityRule quality, PathPlanner planner, SafeMover mover, PipelineListener listener) {
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
        this.listener = listener;
        this.companions = new Companions(files, classifier);
    }

    /** Size, modification time and identity of a file: if any of them changes, it is not the same file. */
    private record Snapshot(long size, long modifiedMillis, Object fileKey) {
        static Snapshot of(BasicFileAttributes attributes) {
            return new Snapshot(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
        }
    }

    /** Everything learned about an incoming file before it is placed. */
    private record Incoming(Path source, String name, MediaKind kind, long size, String md5,
                            Optional<CaptureDate> date, Optional<ImageFingerprint> fingerprint, Snapshot snapshot) {}

    /** Where a placement attempt ended: moved to {@code target}, or found identical content already there. */
    private record Placement(Path target, Optional<LibraryIndex.Entry> identical) {}

    public Outcome process(Path source) {
        try {
            return processOrThrow(source);
        } catch (IOException | RuntimeException e) {
            return fail(source, e);
        }
    }

    private Outcome processOrThrow(Path source) throws IOException {
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
        Snapshot snapshot = Snapshot.of(attributes);
        if (snapshot.equals(reportedFailures.get(source))) {
            return Outcome.FAILED;
        }
        MediaKind kind = classifier.kindOf(source).orElseThrow();
        if (kind == MediaKind.VIDEO && companions.photoFor(source).isPresent()) {
            return Outcome.IGNORED;
        }
        listener.on(new PipelineEvent.Detected(source, snapshot.size()));
        if (snapshot.size() == 0) {
            throw new IOException("empty file (0 bytes): left in place");
        }
        String md5 = content.md5(source);
        Optional<CaptureDate> date = dates.extract(source, kind);
        Optional<ImageFingerprint> fingerprint = kind == MediaKind.IMAGE
                ? fingerprinter.fingerprint(source, kind) : Optional.empty();
        Incoming incoming = new Incoming(source, source.getFileName().toString(), kind, snapshot.size(), md5, date,
                fingerprint, snapshot);

        List<Companions.Companion> travelling = companions.of(source);
        Optional<LibraryIndex.Entry> copy = exactCopies.find(source, incoming.size(), md5);
        Landing landing;
        if (copy.isPresent()) {
            landing = handleExactCopy(incoming, copy.get());
        } else {
            Optional<SimilarFound> similarFound = fingerprint.flatMap(fp -> findSimilar(fp));
            landing = similarFound.isPresent() ? handleSimilar(incoming, similarFound.get()) : fileIntoLibrary(incoming);
        }
        reportedFailures.remove(source);
        carryCompanions(travelling, landing);
        removeEmptyFolders(source.getParent());
        return Outcome.HANDLED;
    }

    /** Where an incoming file's content now lives: moved to {@code path}, or deleted as a copy of it. */
    private record Landing(Path path, boolean deleted) {}

    private Landing fileIntoLibrary(Incoming incoming) throws IOException {
        Placement placement = place(incoming, planner.libraryCandidates(incoming.date(), incoming.name()),
                incoming.date().isPresent() ? Area.LIBRARY : Area.NO_DATE);
        if (placement.identical().isPresent()) {
            return handleExactCopy(incoming, placement.identical().get());
        }
        listener.on(new PipelineEvent.Filed(incoming.source(), placement.target(), incoming.size()));
        return new Landing(placement.target(), false);
    }

    private Landing handleExactCopy(Incoming incoming, LibraryIndex.Entry kept) throws IOException {
        if (settings.deleteDuplicates() || kept.area() == Area.DUPLICATES) {
            return deleteDuplicate(incoming, kept);
        }
        Optional<LibraryIndex.Entry> alreadyInDuplicates = exactCopies.find(incoming.source(), incoming.size(),
                incoming.md5(), entry -> entry.area() == Area.DUPLICATES);
        if (alreadyInDuplicates.isPresent()) {
            return deleteDuplicate(incoming, alreadyInDuplicates.get());
        }
        Placement placement = place(incoming, planner.duplicateCandidates(incoming.date(), incoming.name()),
                Area.DUPLICATES);
        if (placement.identical().isPresent()) {
            return deleteDuplicate(incoming, placement.identical().get());
        }
        listener.on(new PipelineEvent.MovedToDuplicates(incoming.source(), placement.target(), kept.path(),
                incoming.size()));
        return new Landing(placement.target(), false);
    }

    /** Deletes an incoming file whose bytes were just confirmed identical to {@code kept}, which stays. */
    private Landing deleteDuplicate(Incoming incoming, LibraryIndex.Entry kept) throws IOException {
        requireUnchanged(incoming);
        if (!files.exists(kept.path())) {
            throw new IOException("the identical copy " + kept.path() + " disappeared; nothing deleted");
        }
        files.delete(incoming.source());
        listener.on(new PipelineEvent.DuplicateDeleted(incoming.source(), kept.path(), incoming.size()));
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
                    files.delete(companion.path());
                    listener.on(new PipelineEvent.DuplicateDeleted(companion.path(), target, size));
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
        BasicFileAttributes attributes = files.attributes(video);
        Snapshot snapshot = Snapshot.of(attributes);
        listener.on(new PipelineEvent.Detected(video, snapshot.size()));
        Optional<CaptureDate> date = dates.extract(video, MediaKind.VIDEO);
        Incoming incoming = new Incoming(video, video.getFileName().toString(), MediaKind.VIDEO, snapshot.size(),
                content.md5(video), date, Optional.empty(), snapshot);
        Optional<LibraryIndex.Entry> copy = exactCopies.find(video, incoming.size(), incoming.md5());
        if (copy.isPresent()) {
            handleExactCopy(incoming, copy.get());
            return;
        }
        Iterator<Path> own = planner.libraryCandidates(date, incoming.name());
        Area area = besidePhoto.map(this::areaOf).orElse(date.isPresent() ? Area.LIBRARY : Area.NO_DATE);
        Placement placement = place(incoming, besidePhoto.map(first -> concat(first, own)).orElse(own), area);
        if (placement.identical().isPresent()) {
            handleExactCopy(incoming, placement.identical().get());
        } else {
            listener.on(new PipelineEvent.Filed(video, placement.target(), incoming.size()));
        }
    }

    private Area areaOf(Path libraryPath) {
        if (libraryPath.startsWith(planner.duplicatesDir())) {
            return Area.DUPLICATES;
        }
        return libraryPath.startsWith(planner.noDateDir()) ? Area.NO_DATE : Area.LIBRARY;
    }

    private record SimilarFound(LibraryIndex.Entry entry, int distance) {}

    private Optional<SimilarFound> findSimilar(ImageFingerprint fingerprint) {
        try {
            for (SimilarityLookup.Match match : similar.within(fingerprint.phash(), settings.similarThreshold())) {
                Optional<LibraryIndex.Entry> entry = index.findById(match.id());
                if (entry.isEmpty() || entry.get().area() != Area.LIBRARY) {
                    similar.remove(match.id());
                    continue;
                }
                Optional<ImageFingerprint> other = entry.get().fingerprint();
                if (other.isEmpty() || other.get().algorithmVersion() != fingerprint.algorithmVersion()) {
                    continue;
                }
                if (!files.exists(entry.get().path())) {
                    index.remove(entry.get().path());
                    similar.remove(match.id());
                    continue;
                }
                return Optional.of(new SimilarFound(entry.get(), match.distance()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Two versions of one picture: the better one has (or takes) the library place, the lesser goes to
     * Duplicates. Neither is ever deleted: similar is not identical.
     */
    private Landing handleSimilar(Incoming incoming, SimilarFound found) throws IOException {
        LibraryIndex.Entry existing = found.entry();
        ImageFingerprint incomingPrint = incoming.fingerprint().orElseThrow();
        ImageFingerprint existingPrint = existing.fingerprint().orElseThrow();
        if (!quality.firstIsBetter(incomingPrint, incoming.size(), existingPrint, existing.size())) {
            Placement placement = place(incoming, planner.duplicateCandidates(incoming.date(), incoming.name()),
                    Area.DUPLICATES);
            if (placement.identical().isPresent()) {
                return deleteDuplicate(incoming, placement.identical().get());
            }
            listener.on(new PipelineEvent.SimilarImage(incoming.source(), placement.target(), existing.path(),
                    found.distance(), incoming.size()));
            return new Landing(placement.target(), false);
        }
        Incoming stepsAside = describeLibraryFile(existing);
        Placement aside = place(stepsAside, planner.duplicateCandidates(stepsAside.date(), stepsAside.name()),
                Area.DUPLICATES);
        if (aside.identical().isPresent()) {
            deleteDuplicate(stepsAside, aside.identical().get());
        }
        index.remove(existing.path());
        similar.remove(existing.id());
        Path slot = existing.path().resolveSibling(FileClassifier.baseName(existing.path().getFileName().toString())
                + dotExtension(incoming.name()));
        Placement placed = place(incoming, concat(slot, planner.libraryCandidates(incoming.date(), incoming.name())),
                Area.LIBRARY);
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

    private Incoming describeLibraryFile(LibraryIndex.Entry entry) throws IOException {
        Snapshot snapshot = Snapshot.of(files.attributes(entry.path()));
        MediaKind kind = classifier.kindOf(entry.path()).orElse(MediaKind.IMAGE);
        return new Incoming(entry.path(), entry.path().getFileName().toString(), kind, entry.size(), entry.md5(),
                dates.extract(entry.path(), kind), entry.fingerprint(), snapshot);
    }

    /**
     * Moves the file to the first free name among {@code candidates}. A taken name holding the same bytes
     * ends the search: the file is an exact duplicate of what is there.
     */
    private Placement place(Incoming incoming, Iterator<Path> candidates, Area area) throws IOException {
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path candidate = candidates.next();
            if (files.exists(candidate)) {
                LibraryIndex.Entry existing = indexExisting(candidate, area);
                if (existing.size() == incoming.size() && existing.md5().equals(incoming.md5())
                        && content.sameBytes(incoming.source(), candidate)) {
                    return new Placement(candidate, Optional.of(existing));
                }
                continue;
            }
            requireUnchanged(incoming);
            try {
                mover.move(incoming.source(), candidate);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (!arrivedAsHashed(incoming, candidate)) {
                // Replaced in the instant between the last check and the move: index what actually arrived,
                // or its stale MD5 would let the same bytes into the library a second time.
                indexExisting(candidate, area);
                return new Placement(candidate, Optional.empty());
            }
            LibraryIndex.Entry entry = index.put(candidate, incoming.size(), incoming.snapshot().modifiedMillis(),
                    incoming.md5(), incoming.fingerprint(), area);
            remember(entry);
            return new Placement(candidate, Optional.empty());
        }
        throw new IOException("no free name for " + incoming.name() + " after " + MAX_NAME_ATTEMPTS + " attempts");
    }

    private boolean arrivedAsHashed(Incoming incoming, Path target) throws IOException {
        BasicFileAttributes arrived = files.attributes(target);
        return arrived.size() == incoming.size()
                && arrived.lastModifiedTime().toMillis() == incoming.snapshot().modifiedMillis();
    }

    /** The index row of a file found on disk; indexes it first if it is new or changed since. */
    private LibraryIndex.Entry indexExisting(Path path, Area area) throws IOException {
        Snapshot snapshot = Snapshot.of(files.attributes(path));
        Optional<LibraryIndex.Entry> row = index.findByPath(path);
        if (row.isPresent() && row.get().size() == snapshot.size()
                && row.get().modifiedMillis() == snapshot.modifiedMillis()) {
            return row.get();
        }
        Optional<MediaKind> kind = classifier.kindOf(path);
        Optional<ImageFingerprint> fingerprint = kind.filter(k -> k == MediaKind.IMAGE)
                .flatMap(k -> fingerprinter.fingerprint(path, k));
        LibraryIndex.Entry entry = index.put(path, snapshot.size(), snapshot.modifiedMillis(), content.md5(path),
                fingerprint, area);
        remember(entry);
        return entry;
    }

    private void remember(LibraryIndex.Entry entry) {
        if (entry.area() == Area.LIBRARY && entry.fingerprint().isPresent()) {
            similar.add(entry.id(), entry.fingerprint().get().phash());
        }
    }

    /** Refuses to act on a file that changed since it was hashed: its MD5 and date may no longer be true. */
    private void requireUnchanged(Incoming incoming) throws IOException {
        Snapshot now;
        try {
            now = Snapshot.of(files.attributes(incoming.source()));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(incoming.source().toString(), null,
                    "the file disappeared while it was being processed");
        }
        if (!now.equals(incoming.snapshot())) {
            throw new IOException("the file changed while it was being processed; left in place, it will be "
                    + "taken again once it stands still");
        }
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
        if (reportedSkips.add(source)) {
            listener.on(new PipelineEvent.Skipped(source, reason));
        }
        return Outcome.SKIPPED;
    }

    private Outcome fail(Path source, Exception e) {
        try {
            reportedFailures.put(source, Snapshot.of(files.attributes(source)));
        } catch (IOException | RuntimeException gone) {
            reportedFailures.remove(source);
        }
        String message = describe(e);
        if (!message.contains("left in place")) {
            // Said only when true: a failure after the move (e.g. the index disk full) leaves no inbox file.
            message += files.exists(source) ? "; left in place" : "; the file is no longer in the inbox";
        }
        listener.on(new PipelineEvent.Failed(source, message));
        return Outcome.FAILED;
    }

    /** A message a NAS user can act on, without a stack trace. */
    static String describe(Throwable e) {
        Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (cause instanceof NoSuchFileException missing) {
            return Objects.requireNonNullElse(missing.getReason(), "file not found: " + missing.getFile());
        }
        if (cause instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
            if (reason.contains("No space left")) {
                return "disk full: " + fs.getFile();
            }
            return reason + ": " + fs.getFile();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String dotExtension(String name) {
        String extension = FileClassifier.extension(name);
        return extension.isEmpty() ? "" : "." + extension;
    }

    private static Iterator<Path> concat(Path first, Iterator<Path> rest) {
        return new Iterator<>() {
            private boolean firstTaken;

            @Override
            public boolean hasNext() {
                return !firstTaken || rest.hasNext();
            }

            @Override
            public Path next() {
                if (!firstTaken) {
                    firstTaken = true;
                    return first;
                }
                return rest.next();
            }
        };
    }

    /**
     * Remembers the most recently used {@value #REMEMBERED_FILES} files: a watcher that runs for years must
     * not grow without bound; a file forgotten this way is at worst reported a second time.
     */
    private static <V> Map<Path, V> boundedMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, V> eldest) {
                return size() > REMEMBERED_FILES;
            }
        };
    }

    /** For tests: the files that failed and have not changed since. */
    List<Path> failedFiles() {
        return List.copyOf(reportedFailures.keySet());
    }
}
