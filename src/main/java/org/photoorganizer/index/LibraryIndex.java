package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVStoreException;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.move.MoveJournal;

/**
 * The library index: one row per file the service manages (path, size, mtime, MD5, perceptual
 * fingerprint), plus the journal of moves in flight, in one pure-Java store file ({@link #FILE_NAME},
 * H2 MVStore; see docs/index-store.md). Paths are stored relative to the library root, so the index
 * survives the share being mounted elsewhere.
 *
 * <p>A first index lists the library by size and modification time only; MD5s and fingerprints are read
 * later ({@link LibraryReader}). A lookup never answers with an MD5 it does not have: a row it would return
 * or compare whose MD5 is not read yet is read on the spot (through the {@link FileOps} it was given), so
 * exact-duplicate detection is as exact as with every MD5 known.
 *
 * <p>What survives what: every write is handed to the operating system before its method returns (it
 * survives a kill -9); a move's journal entry is forced to the disk before {@link #begin} returns (it
 * survives a power cut), and with it everything written before. A power cut may cost rows written since
 * the last journal entry; the listing at the next start finds their files again.
 *
 * <p>Thread-safe: the pipeline, the startup listing and the background reading share it; files are read
 * outside its lock.
 */
public final class LibraryIndex implements MoveJournal, AutoCloseable {
    /** The store file's name in the state folder ({@code DEST/.photo-organizer}). */
    public static final String FILE_NAME = "index.mv";
    /** Version 1.1.0 kept its index in SQLite under this name; it cannot be read any more. */
    static final String LEGACY_FILE_NAME = "index.db";

    /** The part of the library a file lives in. Only {@link #LIBRARY} files are candidates for similarity. */
    public enum Area { LIBRARY, DUPLICATES, NO_DATE }

    /**
     * One indexed file. {@code md5} is known in what a lookup returns, except in what {@link #findBySize},
     * {@link #findByPathAsIs} and {@link #findByIdAsIs} return, which read nothing: there it is null for a row
     * whose MD5 is not read yet. {@code fingerprint} is empty for videos, images that could not be decoded, and
     * images not read yet.
     */
    public record Entry(long id, Path path, long size, long modifiedMillis, String md5,
                        Optional<ImageFingerprint> fingerprint, Area area) {}

    /** A file found by the listing (LibraryScanner), before anything of it is read. */
    record Listed(Path path, long size, long modifiedMillis, Area area, boolean image) {}

    /** A row with something still to read. */
    record Unread(long id, Path path, long size, long modifiedMillis, Area area, boolean md5Missing,
                  boolean fingerprintMissing) {}

    /**
     * What the background reading read of one file, at the size and modification time it had before and
     * after; {@code md5} null when not read, {@code fingerprint} null when not read (empty: read, none).
     */
    record Read(long id, Path path, long size, long modifiedMillis, String md5,
                Optional<ImageFingerprint> fingerprint) {}

    private final Path root;
    private final String rootPrefix;
    private final Path file;
    private final FileOps files;
    private final FileContent content;
    private IndexStore store;
    private IndexStore.Identity identity;
    /** How long the writes of link moves may wait for a commit while files keep coming. */
    static final java.time.Duration GROUP_COMMIT = java.time.Duration.ofSeconds(1);
    private int transactionDepth;
    /** Writes of link moves not committed yet ({@link #beginLink}, {@link #end(long, MoveJournal.Record)}). */
    private boolean grouped;
    private long lastCommitNanos;
    private final String startedOver;
    private final boolean deleteOnClose;
    private boolean closed;

    private LibraryIndex(IndexStore store, Path root, Path file, FileOps files, String startedOver)
            throws IOException {
        this(store, root, file, files, startedOver, false);
    }

    private LibraryIndex(IndexStore store, Path root, Path file, FileOps files, String startedOver,
                         boolean deleteOnClose) throws IOException {
        this.deleteOnClose = deleteOnClose;
        this.store = store;
        this.root = root.toAbsolutePath().normalize();
        this.rootPrefix = this.root.toString().endsWith("/") ? this.root.toString() : this.root + "/";
        this.file = file;
        this.files = files;
        this.content = new FileContent(files);
        this.startedOver = startedOver;
        this.identity = file == null ? null : IndexStore.Identity.of(file);
    }

    /** Opens (creating if needed) the index file; library files are read through plain NIO. */
    public static LibraryIndex open(Path indexFile, Path libraryRoot) throws IOException {
        return open(indexFile, libraryRoot, new NioFileOps());
    }

    /**
     * Opens (creating if needed) the index file; MD5s a lookup needs are read through {@code files}. A file
     * that is not an index this version can read (another format, damaged) is moved aside to
     * {@code index.mv.unreadable} and an empty index is started: {@link #startedOver()} says so, and the
     * listing rebuilds it from the library.
     */
    public static LibraryIndex open(Path indexFile, Path libraryRoot, FileOps files) throws IOException {
        Path file = indexFile.toAbsolutePath().normalize();
        try {
            return new LibraryIndex(IndexStore.open(file), libraryRoot, file, files, null);
        } catch (IndexStore.Unreadable e) {
            Path aside = IndexStore.setAside(file, "unreadable");
            return new LibraryIndex(IndexStore.open(file), libraryRoot, file, files, e.getMessage()
                    + "; it was moved to " + aside.getFileName() + " and the index is rebuilt from the library");
        }
    }

    /** An index that lives only in memory: for dry runs and tests. */
    public static LibraryIndex inMemory(Path libraryRoot) throws IOException {
        return inMemory(libraryRoot, new NioFileOps());
    }

    public static LibraryIndex inMemory(Path libraryRoot, FileOps files) throws IOException {
        return new LibraryIndex(IndexStore.inMemory(), libraryRoot, null, files, null);
    }

    /**
     * A private, writable copy of an index file for a dry run: the file itself is only read (copied while
     * a running service may hold it; the store reads the copy's last complete commit). The copy lives in
     * the temporary folder and is deleted at close: a million rows would not fit the heap as a copy in
     * memory. Where the temporary folder cannot take it, the copy is made in memory. Without a readable
     * index file, an empty index in memory.
     */
    public static LibraryIndex scratchCopyOf(Path indexFile, Path libraryRoot, FileOps files) throws IOException {
        if (!Files.isRegularFile(indexFile)) {
            return inMemory(libraryRoot, files);
        }
        Path copy;
        try {
            copy = Files.createTempFile("photo-organizer-dry-run-", ".mv");
        } catch (IOException noTemporaryFolder) {
            LibraryIndex memory = inMemory(libraryRoot, files);
            memory.restoreFrom(indexFile);
            return memory;
        }
        try {
            Files.copy(indexFile, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new LibraryIndex(IndexStore.open(copy), libraryRoot, copy, files, null, true);
        } catch (IndexStore.Unreadable e) {
            Files.deleteIfExists(copy);
            return new LibraryIndex(IndexStore.inMemory(), libraryRoot, null, files, e.getMessage()
                    + "; the dry run starts from an empty index");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /**
     * Removes the index of version 1.1.0 ({@code index.db}, SQLite, with its {@code -wal}/{@code -shm}
     * files) from {@code stateDir}: this version cannot read it, and rebuilds the index from the library.
     * Returns whether there was one.
     */
    public static boolean removeLegacyIndex(Path stateDir) throws IOException {
        boolean found = false;
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            found |= Files.deleteIfExists(stateDir.resolve(LEGACY_FILE_NAME + suffix)) && suffix.isEmpty();
        }
        return found;
    }

    /** Why this index was started empty at open (its file could not be read), if it was. */
    public Optional<String> startedOver() {
        return Optional.ofNullable(startedOver);
    }

    /**
     * Replaces this (in-memory) index's content with a copy of an index file, which is only read: opened
     * read-only, or, while a running service holds it, copied first to a temporary file.
     */
    public synchronized void restoreFrom(Path indexFile) throws IOException {
        IndexStore source;
        Path copy = null;
        try {
            source = IndexStore.openReadOnly(indexFile);
        } catch (IndexStore.Unreadable e) {
            throw e;
        } catch (IOException e) {
            copy = Files.createTempFile("photo-organizer-index", ".mv");
            Files.copy(indexFile, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            source = IndexStore.openReadOnly(copy);
        }
        try {
            store.copyFrom(source);
            commit();
        } finally {
            source.abandon();
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
    }

    public Path root() {
        return root;
    }

    public List<Entry> findBySizeAndMd5(long size, String md5) throws IOException {
        byte[] wanted = StoredRow.md5Bytes(md5);
        Set<Long> unreadable = new HashSet<>();
        while (true) {
            List<StoredRow> unread = new ArrayList<>();
            List<Entry> found = new ArrayList<>();
            synchronized (this) {
                reopenIfBroken();
                for (Cursor<LongPair, byte[]> cursor = store.bySize.cursor(LongPair.lowest(size),
                        LongPair.highest(size), false); cursor.hasNext(); ) {
                    LongPair key = cursor.next();
                    byte[] known = cursor.getValue();
                    if (known.length == 0 && !unreadable.contains(key.second())) {
                        unread.add(rowById(key.second()));
                    } else if (Arrays.equals(known, wanted)) {
                        found.add(entry(rowById(key.second())));
                    }
                }
            }
            if (unread.isEmpty()) {
                return found;
            }
            for (StoredRow row : unread) {
                try {
                    readMd5Now(row);
                } catch (IOException e) {
                    // A library file that cannot be read cannot be confirmed a copy either; it stays unread.
                    unreadable.add(row.id());
                }
            }
        }
    }

    /**
     * The rows of files of this size, as they are (an MD5 not read yet is null): an exact copy has the same
     * size, and when there are few, comparing bytes (which stops at the first difference) is cheaper than
     * reading whole files for MD5s.
     */
    public List<Entry> findBySize(long size) throws IOException {
        List<Entry> found = new ArrayList<>();
        synchronized (this) {
            reopenIfBroken();
            for (Cursor<LongPair, byte[]> cursor = store.bySize.cursor(LongPair.lowest(size),
                    LongPair.highest(size), false); cursor.hasNext(); ) {
                StoredRow row = rowById(cursor.next().second());
                if (row != null) {
                    found.add(entry(row));
                }
            }
        }
        return found;
    }

    /** The row of {@code path} as it is: nothing is read (an MD5 not read yet is null). */
    public synchronized Optional<Entry> findByPathAsIs(Path path) throws IOException {
        reopenIfBroken();
        return Optional.ofNullable(rowAt(relative(path))).map(this::entry);
    }

    /** The row with this id as it is: nothing is read (an MD5 not read yet is null). */
    public synchronized Optional<Entry> findByIdAsIs(long id) throws IOException {
        reopenIfBroken();
        return Optional.ofNullable(rowById(id)).map(this::entry);
    }

    public Optional<Entry> findByPath(Path path) throws IOException {
        String relative = relative(path);
        StoredRow row;
        synchronized (this) {
            reopenIfBroken();
            row = rowAt(relative);
        }
        return complete(row);
    }

    public Optional<Entry> findById(long id) throws IOException {
        StoredRow row;
        synchronized (this) {
            reopenIfBroken();
            row = rowById(id);
        }
        return complete(row);
    }

    /** The row as an entry, its MD5 read first if it was not known; empty if there is none or its file is gone. */
    private Optional<Entry> complete(StoredRow row) throws IOException {
        if (row == null) {
            return Optional.empty();
        }
        if (!row.md5Known()) {
            readMd5Now(row);
            synchronized (this) {
                row = rowById(row.id());
            }
            if (row == null) {
                return Optional.empty();
            }
        }
        return Optional.of(entry(row));
    }

    /**
     * Reads a row's MD5 now, outside the lock, and records it with the size and modification time the
     * file had before and after the read (a file that changed meanwhile is left unread; one that is gone
     * loses its row).
     */
    private void readMd5Now(StoredRow row) throws IOException {
        Path path = root.resolve(row.path());
        BasicFileAttributes before;
        String md5;
        try {
            before = files.attributes(path);
            md5 = content.md5(path);
        } catch (NoSuchFileException e) {
            removeIfStill(row);
            return;
        }
        BasicFileAttributes after = files.attributes(path);
        if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
            throw new IOException(path + " changed while its MD5 was read");
        }
        recordRead(new Read(row.id(), path, before.size(), before.lastModifiedTime().toMillis(), md5, null));
    }

    private synchronized void removeIfStill(StoredRow row) throws IOException {
        reopenIfBroken();
        StoredRow now = rowAt(row.path());
        if (now != null && now.id() == row.id()) {
            deleteRow(now);
            commit();
        }
    }

    /**
     * Adds or replaces the row for {@code path} (a replaced row keeps its id). {@code md5} null: not read (no
     * file of this size needed it); a lookup that needs it reads it then. Such a row is not queued for the
     * background reading: re-reading every filed photo for an MD5 nothing asked for would cost the NAS a second
     * pass over each batch.
     */
    public synchronized Entry put(Path path, long size, long modifiedMillis, String md5,
                                  Optional<ImageFingerprint> fingerprint, Area area) throws IOException {
        reopenIfBroken();
        String relative = relative(path);
        byte[] md5Bytes = md5 == null ? null : StoredRow.md5Bytes(md5);
        try {
            StoredRow old = rowAt(relative);
            long id = old != null ? old.id() : store.newRowId();
            StoredRow row = fingerprint.map(fp -> new StoredRow(id, relative, size, modifiedMillis, md5Bytes,
                            StoredRow.FINGERPRINT_PRESENT, fp.phash(), fp.algorithmVersion(), fp.width(), fp.height(),
                            fp.bitsPerPixel(), area))
                    .orElseGet(() -> new StoredRow(id, relative, size, modifiedMillis, md5Bytes,
                            StoredRow.FINGERPRINT_NONE, 0, 0, 0, 0, 0, area));
            writeRow(old, row);
            if (md5Bytes == null) {
                // Not queued for the background reading: a lookup that needs it (many files of one size) reads it.
                store.unread.remove(id);
            }
            commitUnlessBatched();
            return entry(row);
        } catch (MVStoreException e) {
            throw failure("index " + path, e);
        }
    }

    public synchronized void remove(Path path) throws IOException {
        reopenIfBroken();
        try {
            StoredRow row = rowAt(relative(path));
            if (row != null) {
                deleteRow(row);
                commitUnlessBatched();
            }
        } catch (MVStoreException e) {
            throw failure("remove " + path, e);
        }
    }

    /**
     * Visits every library-area row that has a fingerprint. Reads every row: a start that only fills the
     * similarity lookup is much quicker with {@link #forEachLibraryFingerprint}.
     */
    public synchronized void forEachFingerprinted(Consumer<Entry> visitor) throws IOException {
        reopenIfBroken();
        try {
            for (Cursor<String, StoredRow> cursor = store.rows.cursor(null); cursor.hasNext(); ) {
                String path = cursor.next();
                StoredRow row = cursor.getValue().withPath(path);
                if (row.area() == Area.LIBRARY && row.fingerprint() == StoredRow.FINGERPRINT_PRESENT) {
                    visitor.accept(entry(row));
                }
            }
        } catch (MVStoreException e) {
            throw failure("read fingerprints", e);
        }
    }

    /** What the similarity lookup needs of one library image. */
    @FunctionalInterface
    public interface FingerprintVisitor {
        void visit(long id, long phash, int algorithmVersion);
    }

    /**
     * Visits the fingerprint of every library-area image, from a map of its own (16 bytes a photo): what a
     * start loads into the similarity lookup, a million in about a second.
     */
    public synchronized void forEachLibraryFingerprint(FingerprintVisitor visitor) throws IOException {
        reopenIfBroken();
        try {
            for (Cursor<Long, LongPair> cursor = store.prints.cursor(null); cursor.hasNext(); ) {
                long id = cursor.next();
                LongPair print = cursor.getValue();
                visitor.visit(id, print.first(), (int) print.second());
            }
        } catch (MVStoreException e) {
            throw failure("read fingerprints", e);
        }
    }

    public synchronized long count() throws IOException {
        reopenIfBroken();
        return store.rows.sizeAsLong();
    }

    /** How many files still have their MD5 or fingerprint to be read (by {@link LibraryReader}). */
    public synchronized long unreadCount() throws IOException {
        reopenIfBroken();
        return store.unread.sizeAsLong();
    }

    /**
     * Removes the rows a scan did not see ({@code seen}) whose file is gone; a row for a file that exists
     * was written behind the scan and stays. Returns the removed paths.
     */
    public synchronized List<Path> removeMissing(BitSet seen, Predicate<Path> exists) throws IOException {
        reopenIfBroken();
        List<StoredRow> stale = new ArrayList<>();
        for (Cursor<String, StoredRow> cursor = store.rows.cursor(null); cursor.hasNext(); ) {
            String relative = cursor.next();
            StoredRow row = cursor.getValue().withPath(relative);
            if ((row.id() > Integer.MAX_VALUE || !seen.get((int) row.id())) && !exists.test(root.resolve(relative))) {
                stale.add(row);
            }
        }
        List<Path> paths = new ArrayList<>();
        inTransaction(() -> {
            for (StoredRow row : stale) {
                deleteRow(row);
                paths.add(root.resolve(row.path()));
            }
        });
        return paths;
    }

    /** Work that writes many rows, committed together: a scan is much faster in batches. */
    public interface Batch {
        void run() throws IOException;
    }

    /**
     * Runs {@code batch} and commits its writes together; if it throws, none of them is kept. A
     * {@link #begin} inside a batch makes the batch's writes so far durable with the journal entry.
     */
    public synchronized void inTransaction(Batch batch) throws IOException {
        if (transactionDepth == 0) {
            reopenIfBroken();
            commitGroupedWrites();
        }
        transactionDepth++;
        boolean done = false;
        try {
            batch.run();
            done = true;
        } catch (MVStoreException e) {
            throw failure("write", e);
        } finally {
            transactionDepth--;
            if (transactionDepth == 0) {
                if (done) {
                    commit();
                } else {
                    store.rollback();
                }
            }
        }
    }

    @Override
    public synchronized long begin(Path source, Path target, long size) throws IOException {
        return begin(source, target, size, true);
    }

    /**
     * The entry of a move by link within one file system is committed with the entries and rows of the moves
     * around it, at most {@link #GROUP_COMMIT} later or at {@link #flush}: a kill -9 in between costs the index
     * rows of those moves, which the next start's listing of the library writes again (the photos themselves
     * are under their inbox name, their library name or both, see {@link MoveJournal#beginLink}).
     */
    @Override
    public synchronized long beginLink(Path source, Path target, long size) throws IOException {
        return begin(source, target, size, false);
    }

    private long begin(Path source, Path target, long size, boolean durable) throws IOException {
        reopenIfBroken();
        try {
            long id = store.newMoveId();
            store.journal.put(id, size + "\0" + source.toAbsolutePath() + "\0" + target.toAbsolutePath());
            if (durable) {
                commit();
                // The entry must be on the disk before the first file of the move is touched.
                store.sync();
            } else {
                commitGrouped();
            }
            return id;
        } catch (MVStoreException e) {
            throw failure("journal the move of " + source, e);
        }
    }

    /**
     * Drops the store's page cache (an idle service gives that heap back; the next lookups read the pages
     * again). Nothing is written.
     */
    public synchronized void releaseCache() {
        // A store that failed to write is reopened by the next write, not touched here.
        if (!closed && !store.broken()) {
            store.releaseCache();
        }
    }

    /** Bytes of store pages cached now, in MB steps (for tests and diagnostics). */
    synchronized long cachedBytes() {
        return store.cachedBytes();
    }

    /** Commits what link moves left uncommitted (at the end of a batch, so an idle index has nothing pending). */
    @Override
    public synchronized void flush() throws IOException {
        if (grouped && !closed) {
            reopenIfBroken();
            commit();
        }
    }

    /** A write of a link move: committed now if the last commit is older than {@link #GROUP_COMMIT}. */
    private void commitGrouped() throws IOException {
        if (System.nanoTime() - lastCommitNanos >= GROUP_COMMIT.toNanos()) {
            commit();
        } else {
            grouped = true;
        }
    }

    @Override
    public synchronized void end(long id) throws IOException {
        reopenIfBroken();
        try {
            if (store.journal.remove(id) != null) {
                commitUnlessBatched();
            }
        } catch (MVStoreException e) {
            throw failure("end the move " + id, e);
        }
    }

    /**
     * Writes the moved file's row and ends its entry, committed with the moves around it (see
     * {@link #beginLink}): a kill -9 before that commit leaves the entry pending, which the next start finishes.
     */
    @Override
    public synchronized void end(long id, MoveJournal.Record record) throws IOException {
        reopenIfBroken();
        boolean othersUncommitted = grouped;
        transactionDepth++;
        boolean done = false;
        try {
            record.write();
            store.journal.remove(id);
            done = true;
        } catch (MVStoreException e) {
            throw failure("end the move " + id, e);
        } finally {
            transactionDepth--;
            if (!done && !othersUncommitted) {
                // Nothing else waits for the commit: the record's own writes are undone, the entry stays.
                store.rollback();
            }
            // Otherwise what the record wrote before failing (a row of the moved file) waits with the other
            // moves' writes; the entry stays pending and the next start finishes that move either way.
        }
        commitGrouped();
    }

    @Override
    public synchronized List<MoveJournal.Entry> pending() throws IOException {
        reopenIfBroken();
        List<MoveJournal.Entry> entries = new ArrayList<>();
        for (Map.Entry<Long, String> move : store.journal.entrySet()) {
            String[] parts = move.getValue().split("\0", 3);
            entries.add(new MoveJournal.Entry(move.getKey(), Path.of(parts[1]), Path.of(parts[2]),
                    Long.parseLong(parts[0])));
        }
        return entries;
    }

    /**
     * Notices an index file deleted or replaced (restored from a backup, copied over) by someone else since
     * our last write: its rows can no longer be trusted to be the library's. The index then starts over
     * empty at the same place (a replacing file is moved to {@code index.mv.replaced}), keeps the moves in
     * flight, and continues row ids after the lost ones, so an id remembered elsewhere (the similarity
     * lookup) never names another file; the caller lists the library again. Costs one {@code stat}, so it
     * runs when there is work, never on a timer. Returns what happened, or empty when the file is ours.
     */
    public synchronized Optional<String> startOverIfLost() throws IOException {
        if (file == null) {
            return Optional.empty();
        }
        IndexStore.Identity now = IndexStore.Identity.of(file);
        if (IndexStore.Identity.same(now, identity)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("the library folder " + root + " is not there (is its volume mounted?)");
        }
        long lastRow = store.lastRowId();
        List<MoveJournal.Entry> inFlight = pending();
        store.abandon();
        String what;
        if (now == null) {
            what = "The library index " + file + " was deleted";
        } else {
            Path aside = IndexStore.setAside(file, "replaced");
            what = "The library index " + file + " was replaced or changed by another program (kept as "
                    + aside.getFileName() + ")";
        }
        store = IndexStore.open(file);
        identity = IndexStore.Identity.of(file);
        store.continueRowIdsAfter(lastRow);
        for (MoveJournal.Entry move : inFlight) {
            store.journal.put(move.id(), move.size() + "\0" + move.source() + "\0" + move.target());
        }
        commit();
        store.sync();
        return Optional.of(what + " while the service was running; it is rebuilt from the library");
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (file == null) {
            store.abandon();
            return;
        }
        if (deleteOnClose) {
            store.abandon();
            Files.deleteIfExists(file);
            return;
        }
        if (!IndexStore.Identity.same(IndexStore.Identity.of(file), identity)) {
            // Someone else's file now: closing normally would write our last chunk and header into it.
            store.abandon();
            return;
        }
        store.close();
    }

    /**
     * A store that failed to write (disk full, I/O error) closes itself; the file holds what was committed
     * before. Reopening it lets the service go on once the disk has room again, without a restart.
     */
    private void reopenIfBroken() throws IOException {
        if (closed) {
            throw new IOException("Library index: closed");
        }
        if (file == null || !store.broken()) {
            return;
        }
        store.abandon();
        store = IndexStore.open(file);
        identity = IndexStore.Identity.of(file);
        // Grouped writes not committed when the store broke are gone with it; the next start lists those files.
        grouped = false;
    }

    /** For tests that make the store fail as a full disk would. */
    IndexStore storeForTests() {
        return store;
    }

    // ---- for LibraryScanner and LibraryReader ----

    /**
     * Records a batch of listed files in one commit and marks their row ids in {@code seen}. A row whose
     * size, modification time and area match is kept (only an outdated fingerprint is marked to be read
     * again); a new or changed file gets a row with its MD5 and fingerprint still to be read. Returns how
     * many rows were written.
     */
    synchronized int recordListing(List<Listed> listed, int fingerprintVersion, BitSet seen) throws IOException {
        reopenIfBroken();
        commitGroupedWrites();
        int written = 0;
        transactionDepth++;
        boolean done = false;
        try {
            for (Listed file : listed) {
                String relative = relative(file.path());
                StoredRow old = rowAt(relative);
                StoredRow row;
                if (old != null && old.size() == file.size() && old.modifiedMillis() == file.modifiedMillis()
                        && old.area() == file.area()) {
                    if (old.fingerprint() != StoredRow.FINGERPRINT_PRESENT
                            || old.algorithmVersion() == fingerprintVersion) {
                        mark(seen, old.id());
                        continue;
                    }
                    row = new StoredRow(old.id(), relative, old.size(), old.modifiedMillis(), old.md5(),
                            StoredRow.FINGERPRINT_PENDING, 0, 0, 0, 0, 0, old.area());
                } else {
                    long id = old != null ? old.id() : store.newRowId();
                    row = new StoredRow(id, relative, file.size(), file.modifiedMillis(), null,
                            file.image() ? StoredRow.FINGERPRINT_PENDING : StoredRow.FINGERPRINT_NONE, 0, 0, 0, 0, 0,
                            file.area());
                }
                writeRow(old, row);
                mark(seen, row.id());
                written++;
            }
            done = true;
        } catch (MVStoreException e) {
            throw failure("record the listing", e);
        } finally {
            transactionDepth--;
            if (transactionDepth == 0) {
                if (done) {
                    commit();
                } else {
                    store.rollback();
                }
            }
        }
        return written;
    }

    /** Up to {@code limit} rows with something to read, after row id {@code afterId}, in id order. */
    synchronized List<Unread> unread(long afterId, int limit) throws IOException {
        reopenIfBroken();
        List<Unread> batch = new ArrayList<>(limit);
        for (Cursor<Long, Long> cursor = store.unread.cursor(afterId + 1); cursor.hasNext()
                && batch.size() < limit; ) {
            StoredRow row = rowById(cursor.next());
            if (row != null) {
                batch.add(new Unread(row.id(), root.resolve(row.path()), row.size(), row.modifiedMillis(),
                        row.area(), !row.md5Known(), row.fingerprintPending()));
            }
        }
        return batch;
    }

    /**
     * Records what was read, in one commit; returns the rows as they are now (for the similarity lookup).
     * A read of a file that changed since its row was written replaces the row's size and time, and what
     * was not read of the new content is marked to be read.
     */
    synchronized List<Entry> recordReads(List<Read> reads) throws IOException {
        reopenIfBroken();
        List<Entry> updated = new ArrayList<>();
        transactionDepth++;
        boolean done = false;
        try {
            for (Read read : reads) {
                StoredRow row = recordOne(read);
                if (row != null) {
                    updated.add(entry(row));
                }
            }
            done = true;
        } catch (MVStoreException e) {
            throw failure("record what was read", e);
        } finally {
            transactionDepth--;
            if (transactionDepth == 0) {
                if (done) {
                    commit();
                } else {
                    store.rollback();
                }
            }
        }
        return updated;
    }

    private synchronized void recordRead(Read read) throws IOException {
        recordReads(List.of(read));
    }

    private StoredRow recordOne(Read read) {
        StoredRow old = rowById(read.id());
        if (old == null || !root.resolve(old.path()).equals(read.path())) {
            return null;
        }
        boolean same = old.size() == read.size() && old.modifiedMillis() == read.modifiedMillis();
        byte[] md5 = read.md5() != null ? StoredRow.md5Bytes(read.md5()) : same ? old.md5() : null;
        StoredRow row;
        if (read.fingerprint() != null) {
            row = read.fingerprint().map(fp -> new StoredRow(old.id(), old.path(), read.size(), read.modifiedMillis(),
                            md5, StoredRow.FINGERPRINT_PRESENT, fp.phash(), fp.algorithmVersion(), fp.width(),
                            fp.height(), fp.bitsPerPixel(), old.area()))
                    .orElseGet(() -> new StoredRow(old.id(), old.path(), read.size(), read.modifiedMillis(), md5,
                            StoredRow.FINGERPRINT_NONE, 0, 0, 0, 0, 0, old.area()));
        } else if (same) {
            row = old.withMd5(md5);
        } else {
            // New content: its fingerprint (if it is an image) is read again; a video stays without one.
            int fingerprint = old.fingerprint() == StoredRow.FINGERPRINT_NONE ? StoredRow.FINGERPRINT_NONE
                    : StoredRow.FINGERPRINT_PENDING;
            row = new StoredRow(old.id(), old.path(), read.size(), read.modifiedMillis(), md5, fingerprint, 0, 0, 0,
                    0, 0, old.area());
        }
        writeRow(old, row);
        return row;
    }

    // ---- rows and their keys ----

    private StoredRow rowAt(String relative) {
        StoredRow row = store.rows.get(relative);
        return row == null ? null : row.withPath(relative);
    }

    private StoredRow rowById(long id) {
        String relative = store.paths.get(id);
        StoredRow row = relative == null ? null : rowAt(relative);
        return row != null && row.id() == id ? row : null;
    }

    /** Writes {@code row} in place of {@code old} (null for a new row), keeping the other maps in step. */
    private void writeRow(StoredRow old, StoredRow row) {
        store.rows.put(row.path(), row);
        if (old == null) {
            store.paths.put(row.id(), row.path());
        }
        if (old == null || old.size() != row.size() || !Arrays.equals(old.md5(), row.md5())) {
            if (old != null && old.size() != row.size()) {
                store.bySize.remove(new LongPair(old.size(), old.id()));
            }
            store.bySize.put(new LongPair(row.size(), row.id()), row.md5Known() ? row.md5() : new byte[0]);
        }
        LongPair print = similarityKey(row);
        if (print != null && !print.equals(old == null ? null : similarityKey(old))) {
            store.prints.put(row.id(), print);
        } else if (print == null && old != null && similarityKey(old) != null) {
            store.prints.remove(row.id());
        }
        if (row.readPending()) {
            if (old == null || !old.readPending()) {
                store.unread.put(row.id(), 0L);
            }
        } else if (old != null && old.readPending()) {
            store.unread.remove(row.id());
        }
    }

    /** The row's entry in the fingerprint map: library images with a fingerprint only. */
    private static LongPair similarityKey(StoredRow row) {
        return row.area() == Area.LIBRARY && row.fingerprint() == StoredRow.FINGERPRINT_PRESENT
                ? new LongPair(row.phash(), row.algorithmVersion()) : null;
    }

    private void deleteRow(StoredRow row) {
        store.rows.remove(row.path());
        store.paths.remove(row.id());
        store.bySize.remove(new LongPair(row.size(), row.id()));
        store.prints.remove(row.id());
        store.unread.remove(row.id());
    }

    private Entry entry(StoredRow row) {
        Optional<ImageFingerprint> fingerprint = row.fingerprint() == StoredRow.FINGERPRINT_PRESENT
                ? Optional.of(new ImageFingerprint(row.phash(), row.algorithmVersion(), row.width(), row.height(),
                row.bitsPerPixel())) : Optional.empty();
        return new Entry(row.id(), root.resolve(row.path()), row.size(), row.modifiedMillis(), row.md5Hex(),
                fingerprint, row.area());
    }

    private void commitUnlessBatched() throws IOException {
        if (transactionDepth == 0) {
            commit();
        }
    }

    /**
     * Commits, and remembers the file's identity after our own write: the one stat before the write makes
     * sure a file someone else put there is never taken for ours.
     */
    /** A transaction that may roll back must not take the grouped writes of earlier moves with it. */
    private void commitGroupedWrites() throws IOException {
        if (grouped) {
            commit();
        }
    }

    private void commit() throws IOException {
        grouped = false;
        lastCommitNanos = System.nanoTime();
        if (file == null) {
            store.commit();
            return;
        }
        boolean ours = IndexStore.Identity.same(IndexStore.Identity.of(file), identity);
        if (store.commit() && ours) {
            IndexStore.Identity after = IndexStore.Identity.of(file);
            if (after != null && identity != null && java.util.Objects.equals(after.fileKey(), identity.fileKey())) {
                identity = after;
            }
        }
    }

    private String relative(Path path) {
        // The listing asks this for every library file: plain string work when the path is plainly below.
        String text = path.toString();
        if (path.isAbsolute() && text.startsWith(rootPrefix) && text.length() > rootPrefix.length()
                && !text.contains("/.")) {
            return text.substring(rootPrefix.length());
        }
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new IllegalArgumentException(path + " is not inside the library " + root);
        }
        return root.relativize(absolute).toString();
    }

    private static void mark(BitSet seen, long id) {
        if (id <= Integer.MAX_VALUE) {
            seen.set((int) id);
        }
    }

    private static IOException failure(String what, MVStoreException e) {
        return new IOException("Library index: cannot " + what + ": " + e.getMessage(), e);
    }
}
