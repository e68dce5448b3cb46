package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Optional;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.SimilarityLookup;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.MoveJournal;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.move.SourceChangedException;
import org.photoorganizer.move.SourceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a file to the first free name of a list and records it in the index (and, for library
 * images, in the similarity lookup). A name taken by the very same bytes ends the search instead:
 * then the file is an exact duplicate of what is there.
 */
final class LibraryPlacer {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryPlacer.class);
    private static final int MAX_NAME_ATTEMPTS = 100_000;

    /**
     * Where a placement ended: moved to {@code target}, or identical content found already there;
     * {@code inPlace} when the library file is the inbox file itself (linked or renamed, not copied).
     */
    record Placement(Path target, Optional<LibraryIndex.Entry> identical, boolean inPlace) {
        Placement(Path target, Optional<LibraryIndex.Entry> identical) {
            this(target, identical, false);
        }
    }

    private final FileOps files;
    private final FileContent content;
    private final FileClassifier classifier;
    private final ImageFingerprinter fingerprinter;
    private final LibraryIndex index;
    private final SimilarityLookup similar;
    private final SafeMover mover;
    private final OwedRows owedRows;

    LibraryPlacer(FileOps files, FileContent content, FileClassifier classifier, ImageFingerprinter fingerprinter,
                  LibraryIndex index, SimilarityLookup similar, SafeMover mover) {
        this(files, content, classifier, fingerprinter, index, similar, mover, OwedRows.NONE);
    }

    LibraryPlacer(FileOps files, FileContent content, FileClassifier classifier, ImageFingerprinter fingerprinter,
                  LibraryIndex index, SimilarityLookup similar, SafeMover mover, OwedRows owedRows) {
        this.owedRows = owedRows;
        this.files = files;
        this.content = content;
        this.classifier = classifier;
        this.fingerprinter = fingerprinter;
        this.index = index;
        this.similar = similar;
        this.mover = mover;
    }

    Placement place(Incoming incoming, Iterator<Path> candidates, Area area) throws IOException {
        return place(incoming, candidates, area, null);
    }

    /**
     * Like {@link #place(Incoming, Iterator, Area)}; {@code owedRow}, when not null, is the log row the move
     * to a name will owe: it is written to the {@link OwedRows} journal right before that move, so a crash
     * after the move still gets its row.
     */
    Placement place(Incoming incoming, Iterator<Path> candidates, Area area,
                    java.util.function.Function<Path, PipelineEvent> owedRow) throws IOException {
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path candidate = candidates.next();
            if (files.exists(candidate)) {
                LibraryIndex.Entry existing = indexExisting(candidate, area);
                // The bytes decide, and stop at the first difference: no MD5 needs reading.
                if (existing.size() == incoming.size() && content.sameBytes(incoming.source(), candidate)) {
                    return new Placement(candidate, Optional.of(existing));
                }
                continue;
            }
            requireUnchanged(incoming);
            PipelineEvent row = owedRow == null ? null : owedRow.apply(candidate);
            if (row != null) {
                owedRows.owe(row);
            }
            SafeMover.Moved moved;
            LibraryIndex.Entry[] entry = new LibraryIndex.Entry[1];
            // The index row is written with the end of the move's journal entry, in one commit.
            MoveJournal.Record indexRow = () -> entry[0] = indexArrival(incoming, candidate, area);
            try {
                moved = mover.move(incoming.source(), candidate, new SourceState(incoming.snapshot().size(),
                        incoming.snapshot().modifiedMillis(), incoming.snapshot().fileKey()), indexRow);
            } catch (FileAlreadyExistsException e) {
                cancel(row);
                continue;
            } catch (IOException | RuntimeException e) {
                cancel(row);
                throw e;
            }
            if (entry[0] != null) {
                remember(entry[0]);
            }
            return new Placement(candidate, Optional.empty(), moved != SafeMover.Moved.COPIED);
        }
        throw new IOException("no free name for " + incoming.name() + " after " + MAX_NAME_ATTEMPTS + " attempts");
    }

    /**
     * The index row of a file just moved to {@code target}: as read, or, when what arrived is not what was read
     * (replaced in the instant between the last check and the move), what actually arrived, or a stale row would let
     * the same bytes into the library a second time (null then: it is not remembered for similar images).
     */
    private LibraryIndex.Entry indexArrival(Incoming incoming, Path target, Area area) throws IOException {
        if (!arrivedAsHashed(incoming, target)) {
            indexExisting(target, area);
            return null;
        }
        return index.put(target, incoming.size(), incoming.snapshot().modifiedMillis(), incoming.md5().ifRead(),
                incoming.fingerprint(), area);
    }

    /** Refuses to act on a file that changed since it was hashed: its MD5 and date may no longer be true. */
    void requireUnchanged(Incoming incoming) throws IOException {
        FileSnapshot now;
        try {
            now = FileSnapshot.of(files.attributes(incoming.source()));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(incoming.source().toString(), null,
                    "the file disappeared while it was being processed");
        }
        if (!now.equals(incoming.snapshot())) {
            throw new SourceChangedException("the file changed while it was being processed; left in place, it will"
                    + " be taken again once it stands still");
        }
    }

    /** Re-reads a library file whose size or modification time no longer match its index row, and fixes the row. */
    void refresh(Path libraryFile, Area area) throws IOException {
        if (files.exists(libraryFile)) {
            indexExisting(libraryFile, area);
        }
    }

    private void cancel(PipelineEvent row) {
        if (row != null) {
            owedRows.cancel(row);
        }
    }

    /** {@code first}, then the names of {@code rest}. */
    static Iterator<Path> preferring(Path first, Iterator<Path> rest) {
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

    private boolean arrivedAsHashed(Incoming incoming, Path target) throws IOException {
        BasicFileAttributes arrived = files.attributes(target);
        return arrived.size() == incoming.size()
                && arrived.lastModifiedTime().toMillis() == incoming.snapshot().modifiedMillis();
    }

    /** The index row of a file found on disk; indexes it first if it is new or changed since. */
    private LibraryIndex.Entry indexExisting(Path path, Area area) throws IOException {
        FileSnapshot snapshot = FileSnapshot.of(files.attributes(path));
        Optional<LibraryIndex.Entry> row = index.findByPathAsIs(path);
        if (row.isPresent() && row.get().size() == snapshot.size()
                && row.get().modifiedMillis() == snapshot.modifiedMillis()) {
            return row.get();
        }
        Optional<ImageFingerprint> fingerprint = classifier.kindOf(path).filter(k -> k == MediaKind.IMAGE)
                .flatMap(k -> fingerprinter.fingerprint(path, k));
        // Its MD5 is read when a lookup needs it, or by the background reading.
        LibraryIndex.Entry entry = index.put(path, snapshot.size(), snapshot.modifiedMillis(), null, fingerprint,
                area);
        remember(entry);
        return entry;
    }

    private void remember(LibraryIndex.Entry entry) {
        if (entry.area() == Area.LIBRARY && entry.fingerprint().isPresent()) {
            similar.add(entry.id(), entry.fingerprint().get().phash());
        }
    }
}
