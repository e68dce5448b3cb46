package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.plan.FolderPattern;

/**
 * Brings the index in line with the library by listing it: size and modification time of every file,
 * from the directory walk, without opening one. A file whose row matches is left alone; a new or changed
 * file gets a row whose MD5 and fingerprint are read later ({@link LibraryReader}, or a lookup that needs
 * the MD5 at once); rows of vanished files are dropped. Thousands of files a second, so a first start over
 * a large library and every later start are quick.
 *
 * <p>Only the folders the service manages are listed (year folders, {@code Duplicates},
 * {@code NoDateFound}), never a user's own folders beside them nor the inbox. It may run while the pipeline
 * files photos: rows are written in batches, each a short commit, and a row the listing did not see is
 * dropped only if its file is gone (the pipeline may have added it behind the walk).
 */
public final class LibraryScanner {
    private static final int BATCH = 1000;
    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;

    private final LibraryIndex index;
    private final FileOps files;
    private final FileClassifier classifier;
    private final ImageFingerprinter fingerprinter;
    private final FolderPattern folders;
    private final SystemEventListener systemEvents;
    private final LongSupplier nanoTime;

    /**
     * What a listing did: files checked, rows written (new or changed files, outdated fingerprints), rows
     * removed; {@code complete} is false when it was cancelled.
     */
    public record Result(long checked, long updated, long removed, boolean complete) {
        public Result(long checked, long updated, long removed) {
            this(checked, updated, removed, true);
        }
    }

    private BooleanSupplier cancelled = () -> false;
    private Yield yield = Yield.NEVER;

    public LibraryScanner(LibraryIndex index, FileOps files, FileClassifier classifier,
                          ImageFingerprinter fingerprinter, FolderPattern folders, SystemEventListener systemEvents,
                          LongSupplier nanoTime) {
        this.index = index;
        this.files = files;
        this.classifier = classifier;
        this.fingerprinter = fingerprinter;
        this.folders = folders;
        this.systemEvents = systemEvents;
        this.nanoTime = nanoTime;
    }

    /** Stops the listing between two files once this says so; nothing is removed from a cancelled listing. */
    public LibraryScanner cancelledWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        return this;
    }

    /** Waits between batches while the pipeline has work (a listing in the background gives way to it). */
    public LibraryScanner yieldingTo(Yield yield) {
        this.yield = yield;
        return this;
    }

    public Result reconcile() throws IOException {
        Path root = index.root();
        BitSet seen = new BitSet();
        long[] counts = new long[2];
        List<LibraryIndex.Listed> batch = new ArrayList<>(BATCH);
        long[] lastProgress = {nanoTime.getAsLong()};
        for (Path top : files.list(root)) {
            Optional<Area> area = areaOf(top);
            if (area.isEmpty() || !Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
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
                        batch.add(new LibraryIndex.Listed(file, attrs.size(), attrs.lastModifiedTime().toMillis(),
                                area.get(), classifier.kindOf(file).orElse(MediaKind.VIDEO) == MediaKind.IMAGE));
                        counts[0]++;
                        if (batch.size() >= BATCH) {
                            counts[1] += flush(batch, seen);
                        }
                        if (nanoTime.getAsLong() - lastProgress[0] > PROGRESS_EVERY_NANOS) {
                            lastProgress[0] = nanoTime.getAsLong();
                            systemEvents.on(SystemEvent.info("Listing the library: " + counts[0] + " files so far"));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
            counts[1] += flush(batch, seen);
        }
        if (cancelled.getAsBoolean()) {
            return new Result(counts[0], counts[1], 0, false);
        }
        List<Path> removed = index.removeMissing(seen, files::exists);
        return new Result(counts[0], counts[1], removed.size());
    }

    private long flush(List<LibraryIndex.Listed> batch, BitSet seen) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        yield.await(cancelled);
        int written = index.recordListing(batch, fingerprinter.algorithmVersion(), seen);
        batch.clear();
        return written;
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
}
