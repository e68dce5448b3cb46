package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.plan.FolderPattern;

/**
 * Brings the index in line with the library at start. Files whose size and modification time match
 * their row are not read; new or changed files are hashed; rows of vanished files are dropped.
 *
 * <p>The first run over a large library hashes everything, in batches committed as it goes: a run
 * cut short resumes where it stopped, because finished files already match their rows. Only the
 * folders the service manages are scanned (year folders, {@code Duplicates}, {@code NoDateFound}),
 * never a user's own folders beside them nor the inbox.
 *
 * <p>It may run while the pipeline files photos: files are read outside the index's lock, only the
 * writes of a batch hold it, and a row the scan did not see is dropped only if its file is gone (the
 * pipeline may have added it behind the walk).
 */
public final class LibraryScanner {
    private static final int BATCH = 500;
    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;

    private final LibraryIndex index;
    private final FileOps files;
    private final FileContent content;
    private final FileClassifier classifier;
    private final ImageFingerprinter fingerprinter;
    private final FolderPattern folders;
    private final SystemEventListener systemEvents;
    private final LongSupplier nanoTime;

    /** What a reconciliation did; {@code complete} is false when it was cancelled. */
    public record Result(long checked, long hashed, long removed, boolean complete) {
        public Result(long checked, long hashed, long removed) {
            this(checked, hashed, removed, true);
        }
    }

    /** Called for every row the scan writes, e.g. to add it to the similarity lookup. */
    private Consumer<LibraryIndex.Entry> onIndexed = entry -> { };
    private BooleanSupplier cancelled = () -> false;

    public LibraryScanner(LibraryIndex index, FileOps files, FileClassifier classifier,
                          ImageFingerprinter fingerprinter, FolderPattern folders, SystemEventListener systemEvents,
                          LongSupplier nanoTime) {
        this.index = index;
        this.files = files;
        this.content = new FileContent(files);
        this.classifier = classifier;
        this.fingerprinter = fingerprinter;
        this.folders = folders;
        this.systemEvents = systemEvents;
        this.nanoTime = nanoTime;
    }

    /** Reports each row written; for a scan that runs while the pipeline already uses the index. */
    public LibraryScanner onIndexed(Consumer<LibraryIndex.Entry> listener) {
        this.onIndexed = listener;
        return this;
    }

    /** Stops the scan between two files once this says so; nothing is removed from a cancelled scan. */
    public LibraryScanner cancelledWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        return this;
    }

    public Result reconcile() throws IOException {
        Path root = index.root();
        BitSet seen = new BitSet();
        long[] counts = new long[2];
        List<Path> batch = new ArrayList<>(BATCH);
        long[] lastProgress = {nanoTime.getAsLong()};
        for (Path top : files.list(root)) {
            Optional<Area> area = areaOf(top);
            if (area.isEmpty() || !Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(top) && classifier.isIgnoredName(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (cancelled.getAsBoolean()) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile() && classifier.classify(file) == FileClassifier.Verdict.MEDIA) {
                        batch.add(file);
                        if (batch.size() >= BATCH) {
                            counts[1] += flush(batch, area.get(), seen);
                        }
                        counts[0]++;
                        if (nanoTime.getAsLong() - lastProgress[0] > PROGRESS_EVERY_NANOS) {
                            lastProgress[0] = nanoTime.getAsLong();
                            systemEvents.on(SystemEvent.info("Indexing the library: " + counts[0]
                                    + " files checked, " + counts[1] + " read"));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (dir.equals(top)) {
                        counts[1] += flush(batch, area.get(), seen);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        if (cancelled.getAsBoolean()) {
            return new Result(counts[0], counts[1], 0, false);
        }
        List<Path> removed = index.removeMissing(seen, files::exists);
        return new Result(counts[0], counts[1], removed.size());
    }

    private Optional<Area> areaOf(Path top) {
        String name = top.getFileName().toString();
        if (name.equals("Duplicates")) {
            return Optional.of(Area.DUPLICATES);
        }
        if (name.equals("NoDateFound")) {
            return Optional.of(Area.NO_DATE);
        }
        return folders.matchesTopLevelFolder(name) ? Optional.of(Area.LIBRARY) : Optional.empty();
    }

    /** A file read for the index, before its row is written. */
    private record Read(Path file, BasicFileAttributes attributes, String md5, Optional<ImageFingerprint> fingerprint) {}

    /**
     * Indexes a batch: the files are read first, without holding the index, and their rows are then
     * written in one short transaction. Returns how many files had to be read.
     */
    private long flush(List<Path> batch, Area area, BitSet seen) throws IOException {
        List<Read> reads = new ArrayList<>();
        for (Path file : batch) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            BasicFileAttributes attributes;
            try {
                attributes = files.attributes(file);
            } catch (IOException e) {
                continue;
            }
            Optional<LibraryIndex.Entry> row = index.findByPath(file);
            if (row.isPresent() && row.get().size() == attributes.size()
                    && row.get().modifiedMillis() == attributes.lastModifiedTime().toMillis()
                    && row.get().area() == area && !fingerprintOutdated(row.get())) {
                mark(seen, row.get().id());
                continue;
            }
            try {
                String md5 = content.md5(file);
                Optional<ImageFingerprint> fingerprint = classifier.kindOf(file)
                        .filter(kind -> kind == MediaKind.IMAGE)
                        .flatMap(kind -> fingerprinter.fingerprint(file, kind));
                reads.add(new Read(file, attributes, md5, fingerprint));
            } catch (IOException e) {
                systemEvents.on(SystemEvent.warning("Cannot index " + file + ": " + e.getMessage()));
            }
        }
        index.inTransaction(() -> {
            for (Read read : reads) {
                LibraryIndex.Entry entry = index.put(read.file(), read.attributes().size(),
                        read.attributes().lastModifiedTime().toMillis(), read.md5(), read.fingerprint(), area);
                mark(seen, entry.id());
                onIndexed.accept(entry);
            }
        });
        batch.clear();
        return reads.size();
    }

    /** A fingerprint from an older hash algorithm: comparing it with new ones would be meaningless. */
    private boolean fingerprintOutdated(LibraryIndex.Entry row) {
        return row.fingerprint().isPresent()
                && row.fingerprint().get().algorithmVersion() != fingerprinter.algorithmVersion();
    }

    private static void mark(BitSet seen, long id) {
        if (id <= Integer.MAX_VALUE) {
            seen.set((int) id);
        }
    }
}
