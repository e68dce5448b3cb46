package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.logging.SystemEventListener;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;

/**
 * Reads, in the background, what the listing left unread: first the similar-image fingerprints of the
 * library's images (so similarity covers the library soon), then every file's MD5 (which a lookup also
 * reads on the spot when it needs one). One file at a time, waiting while the pipeline has work; what was
 * read is committed in small batches, so a stop or a crash loses at most one batch and a restart goes on
 * where it stopped. It ends when nothing is left: no activity while the service idles.
 */
public final class LibraryReader {
    private static final int FETCH = 200;
    private static final int BATCH = 50;
    private static final long COMMIT_EVERY_NANOS = 2_000_000_000L;
    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;

    private final LibraryIndex index;
    private final FileOps files;
    private final FileContent content;
    private final FileClassifier classifier;
    private final ImageFingerprinter fingerprinter;
    private final SystemEventListener systemEvents;
    private final LongSupplier nanoTime;
    private Consumer<LibraryIndex.Entry> onRead = entry -> { };
    private BooleanSupplier cancelled = () -> false;
    private Yield yield = Yield.NEVER;

    /** What a run read: fingerprints and MD5s; {@code complete} is false when it was cancelled. */
    public record Result(long fingerprinted, long hashed, long failed, boolean complete) {
        Result withComplete(boolean done) {
            return new Result(fingerprinted, hashed, failed, done);
        }
    }

    public LibraryReader(LibraryIndex index, FileOps files, FileClassifier classifier, ImageFingerprinter fingerprinter,
                         SystemEventListener systemEvents, LongSupplier nanoTime) {
        this.index = index;
        this.files = files;
        this.content = new FileContent(files);
        this.classifier = classifier;
        this.fingerprinter = fingerprinter;
        this.systemEvents = systemEvents;
        this.nanoTime = nanoTime;
    }

    /** Reports every row as it is after a read, e.g. to add its fingerprint to the similarity lookup. */
    public LibraryReader onRead(Consumer<LibraryIndex.Entry> listener) {
        this.onRead = listener;
        return this;
    }

    /** Stops between two files once this says so; what was read so far is kept. */
    public LibraryReader cancelledWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        return this;
    }

    public LibraryReader yieldingTo(Yield yield) {
        this.yield = yield;
        return this;
    }

    private enum Phase { FINGERPRINTS, MD5S }

    /** Reads what is unread, fingerprints first, then MD5s, to the end (or until cancelled). */
    public Result readAll() throws IOException {
        long total = index.unreadCount();
        long start = nanoTime.getAsLong();
        Progress progress = new Progress(total, start);
        if (total > 0) {
            systemEvents.on(SystemEvent.info("Reading the library in the background: " + total + " files to read"
                    + " (similar-image fingerprints first, then MD5s); the inbox goes first"));
        }
        boolean complete = readPhase(Phase.FINGERPRINTS, progress) && readPhase(Phase.MD5S, progress);
        return finish(complete, progress, start);
    }

    /**
     * Reads only the fingerprints not read yet, so a similar-image verdict can count on every library
     * photo (MD5s are read when a lookup needs them): what {@code --once} does before it files the inbox.
     */
    public Result readFingerprints() throws IOException {
        long start = nanoTime.getAsLong();
        Progress progress = new Progress(index.unreadCount(), start);
        boolean complete = readPhase(Phase.FINGERPRINTS, progress);
        return finish(false, progress, start).withComplete(complete);
    }

    private Result finish(boolean complete, Progress progress, long start) {
        if (complete && progress.read() > 0) {
            systemEvents.on(SystemEvent.info(String.format(java.util.Locale.ROOT,
                    "Library index complete: %d fingerprints and %d MD5s read in %.0f s%s", progress.fingerprints,
                    progress.md5s, (nanoTime.getAsLong() - start) / 1e9,
                    progress.failed == 0 ? "" : ", " + progress.failed + " could not be read")));
        }
        return new Result(progress.fingerprints, progress.md5s, progress.failed, complete);
    }

    private final class Progress {
        final long total;
        long lastReport;
        long fingerprints;
        long md5s;
        long failed;

        Progress(long total, long now) {
            this.total = total;
            this.lastReport = now;
        }

        long read() {
            return fingerprints + md5s;
        }

        void maybeReport() throws IOException {
            long now = nanoTime.getAsLong();
            if (now - lastReport > PROGRESS_EVERY_NANOS) {
                lastReport = now;
                systemEvents.on(SystemEvent.info("Reading the library: " + fingerprints
                        + " fingerprints and " + md5s + " MD5s read, " + index.unreadCount() + " of " + total
                        + " files still to read"));
            }
        }
    }

    /** Returns false when cancelled. */
    private boolean readPhase(Phase phase, Progress progress) throws IOException {
        List<LibraryIndex.Read> reads = new ArrayList<>();
        long lastCommit = nanoTime.getAsLong();
        long after = 0;
        while (true) {
            List<LibraryIndex.Unread> batch = index.unread(after, FETCH);
            if (batch.isEmpty()) {
                record(reads);
                return true;
            }
            for (LibraryIndex.Unread unread : batch) {
                after = unread.id();
                boolean wanted = phase == Phase.FINGERPRINTS ? unread.fingerprintMissing() : unread.md5Missing();
                if (!wanted) {
                    continue;
                }
                yield.await(cancelled);
                if (cancelled.getAsBoolean()) {
                    record(reads);
                    return false;
                }
                read(unread, phase, progress).ifPresent(reads::add);
                if (reads.size() >= BATCH || nanoTime.getAsLong() - lastCommit > COMMIT_EVERY_NANOS) {
                    record(reads);
                    lastCommit = nanoTime.getAsLong();
                }
                progress.maybeReport();
            }
        }
    }

    private Optional<LibraryIndex.Read> read(LibraryIndex.Unread unread, Phase phase, Progress progress) {
        try {
            BasicFileAttributes before = files.attributes(unread.path());
            String md5 = null;
            Optional<ImageFingerprint> fingerprint = null;
            if (phase == Phase.FINGERPRINTS) {
                Optional<MediaKind> kind = classifier.kindOf(unread.path());
                fingerprint = kind.filter(k -> k == MediaKind.IMAGE)
                        .flatMap(k -> fingerprinter.fingerprint(unread.path(), k));
                progress.fingerprints++;
            } else {
                md5 = content.md5(unread.path());
                progress.md5s++;
            }
            BasicFileAttributes after = files.attributes(unread.path());
            if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                return Optional.empty();
            }
            return Optional.of(new LibraryIndex.Read(unread.id(), unread.path(), before.size(),
                    before.lastModifiedTime().toMillis(), md5, fingerprint));
        } catch (NoSuchFileException e) {
            // Gone since the listing; the next listing (or a lookup) drops its row.
            return Optional.empty();
        } catch (IOException e) {
            progress.failed++;
            systemEvents.on(SystemEvent.warning("Cannot read " + unread.path() + " for the library index: "
                    + e.getMessage()));
            return Optional.empty();
        }
    }

    private void record(List<LibraryIndex.Read> reads) throws IOException {
        if (reads.isEmpty()) {
            return;
        }
        for (LibraryIndex.Entry entry : index.recordReads(reads)) {
            onRead.accept(entry);
        }
        reads.clear();
    }
}
