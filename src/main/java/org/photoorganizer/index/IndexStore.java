package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The index's maps in one H2 MVStore (pure Java, one file, copy-on-write B-trees): rows by relative
 * path (a listing walks a folder at a time, so its lookups stay on a few pages), paths by row id, ids by
 * size with the MD5 beside (an exact-duplicate lookup reads no row it does not return), the fingerprints
 * of library images by id (all a start loads), the ids still to be read, and the move journal.
 *
 * <p>Nothing is written behind the caller's back: the store's background thread (auto-commit and
 * housekeeping) is off, so an idle service never touches the file. {@link #commit()} hands the changes
 * to the operating system (they survive a kill -9 from then on); {@link #sync()} forces them to the disk
 * (they survive a power cut). A commit first syncs what older commits left unsynced for a few seconds,
 * and chunks a later commit superseded are overwritten only after a longer while: whatever a power cut
 * leaves of the newest writes, the last synced version is intact. Dead space is compacted a few MB at a
 * time after commits. Not thread-safe; {@link LibraryIndex} serialises every call.
 */
final class IndexStore {
    /** The layout of rows and keys; an index of another format is rebuilt from the library, never misread. */
    static final String FORMAT = "1";
    private static final String FORMAT_KEY = "format";
    /** Page cache: lookups stay fast at a million rows within the service's 128 MB heap. */
    private static final int CACHE_MB = 4;
    /** A chunk a later commit superseded is overwritten only after this long... */
    private static final int RETENTION_MILLIS = 10_000;
    /** ...and commits left unsynced are synced before the next commit once they are this old. */
    private static final long SYNC_UNSYNCED_AFTER_NANOS = 4_000_000_000L;
    /** Below this share of live data in its chunks the file is compacted, a few MB at a time, after commits. */
    private static final int COMPACT_BELOW_PERCENT = 50;
    private static final int COMPACT_CHECK_EVERY = 64;
    private static final int COMPACT_WRITE_BYTES = 2 << 20;
    /** At open, a file above this size whose live data fills less than this share of it is compacted. */
    private static final long COMPACT_BY_COPY_ABOVE_BYTES = 8L << 20;
    private static final int COMPACT_BY_COPY_BELOW_PERCENT = 40;

    final MVStore store;
    final MVMap<String, StoredRow> rows;
    final MVMap<Long, String> paths;
    final MVMap<LongPair, byte[]> bySize;
    final MVMap<Long, LongPair> prints;
    final MVMap<Long, Long> unread;
    final MVMap<Long, String> journal;
    private final MVMap<String, String> meta;
    private final Path file;
    private long nextRow;
    private long nextMove;
    private int commitsSinceCompactCheck;
    private long unsyncedSince;

    private IndexStore(MVStore store, Path file) {
        this.store = store;
        this.file = file;
        rows = store.openMap("rows", new MVMap.Builder<String, StoredRow>().keyType(StringDataType.INSTANCE)
                .valueType(StoredRow.Type.INSTANCE));
        paths = store.openMap("paths", new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        bySize = store.openMap("bySize", new MVMap.Builder<LongPair, byte[]>().keyType(LongPair.Type.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        prints = store.openMap("fingerprints", new MVMap.Builder<Long, LongPair>().keyType(LongDataType.INSTANCE)
                .valueType(LongPair.Type.INSTANCE));
        unread = store.openMap("unread", new MVMap.Builder<Long, Long>().keyType(LongDataType.INSTANCE)
                .valueType(LongDataType.INSTANCE));
        journal = store.openMap("moveJournal", new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        meta = store.openMap("meta", new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        // Ids live in memory: one reused after a restart names nothing anyone still remembers.
        nextRow = paths.isEmpty() ? 1 : paths.lastKey() + 1;
        nextMove = journal.isEmpty() ? 1 : journal.lastKey() + 1;
    }

    /** A store file that cannot be used: another format, or damaged. It is set aside and the index rebuilt. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens (creating if needed) the store file.
     *
     * @throws Unreadable when the file is not an index this version can read
     * @throws IOException when it cannot be opened at all: locked by another process, no permission
     */
    static IndexStore open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Left by a compaction a crash cut short; the index file itself is whole.
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".compacting"));
        boolean existed = Files.exists(file);
        MVStore store;
        try {
            store = builder().fileName(file.toString()).open();
        } catch (MVStoreException e) {
            throw translate(file, e);
        }
        try {
            store.setRetentionTime(RETENTION_MILLIS);
            IndexStore opened = new IndexStore(store, file);
            String format = opened.meta.get(FORMAT_KEY);
            if (format == null && existed && !opened.rows.isEmpty()) {
                throw new Unreadable(file + " holds no index format mark", null);
            }
            if (format != null && !format.equals(FORMAT)) {
                throw new Unreadable(file + " is an index of format " + format + ", this version reads format "
                        + FORMAT, null);
            }
            if (format == null) {
                opened.meta.put(FORMAT_KEY, FORMAT);
                opened.commit();
                opened.sync();
            }
            return compactedByCopy(opened);
        } catch (IOException | RuntimeException e) {
            store.closeImmediately();
            if (e instanceof MVStoreException mv) {
                throw translate(file, mv);
            }
            throw e;
        }
    }

    /** Opens a store file only to read it: nothing is written to it, and another process may hold it. */
    static IndexStore openReadOnly(Path file) throws IOException {
        try {
            return new IndexStore(builder().fileName(file.toString()).readOnly().open(), file);
        } catch (MVStoreException e) {
            throw translate(file, e);
        }
    }

    static IndexStore inMemory() {
        return new IndexStore(new MVStore.Builder().autoCommitDisabled().open(), null);
    }

    private static MVStore.Builder builder() {
        // No background thread: no auto-commit (the caller decides what is durable when) and no housekeeping
        // while the service idles (the NAS disks must be allowed to sleep).
        return new MVStore.Builder().autoCommitDisabled().autoCommitBufferSize(0).cacheSize(CACHE_MB);
    }

    private static IOException translate(Path file, MVStoreException e) {
        int code = e.getErrorCode();
        if (code == DataUtils.ERROR_FILE_CORRUPT || code == DataUtils.ERROR_UNSUPPORTED_FORMAT
                || code == DataUtils.ERROR_CHUNK_NOT_FOUND || code == DataUtils.ERROR_BLOCK_NOT_FOUND
                || code == DataUtils.ERROR_SERIALIZATION || code == DataUtils.ERROR_UNKNOWN_DATA_TYPE) {
            return new Unreadable(file + " cannot be read: " + e.getMessage(), e);
        }
        if (code == DataUtils.ERROR_FILE_LOCKED) {
            return new IOException(file + " is in use by another process (is a second Photo Organizer running on "
                    + "this library?)", e);
        }
        return new IOException(file + ": " + e.getMessage(), e);
    }

    Path file() {
        return file;
    }

    long newRowId() {
        return nextRow++;
    }

    /** Row ids go on after {@code lastUsed}, so an id remembered elsewhere never names another file. */
    void continueRowIdsAfter(long lastUsed) {
        nextRow = Math.max(nextRow, lastUsed + 1);
    }

    long lastRowId() {
        return nextRow - 1;
    }

    long newMoveId() {
        return nextMove++;
    }

    /** Hands what changed to the operating system. Returns true when something was written. */
    boolean commit() throws IOException {
        try {
            if (file != null && unsyncedSince != 0 && System.nanoTime() - unsyncedSince > SYNC_UNSYNCED_AFTER_NANOS) {
                sync();
            }
            boolean wrote = store.commit() >= 0;
            if (wrote && file != null) {
                if (unsyncedSince == 0) {
                    unsyncedSince = System.nanoTime();
                }
                if (++commitsSinceCompactCheck >= COMPACT_CHECK_EVERY) {
                    commitsSinceCompactCheck = 0;
                    compactSome();
                }
            }
            return wrote;
        } catch (MVStoreException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the live pages of mostly dead chunks, a few MB at a time, so their space can be used again:
     * the file stays within about twice the size of its content, without a background thread.
     */
    private void compactSome() {
        if (store.getFileStore().getChunksFillRate() < COMPACT_BELOW_PERCENT
                && store.compact(COMPACT_BELOW_PERCENT, COMPACT_WRITE_BYTES)) {
            store.commit();
        }
    }

    /** True when live data fills less than {@link #COMPACT_BY_COPY_BELOW_PERCENT} of a file worth copying. */
    private boolean mostlyDead() {
        long size = store.getFileStore().size();
        long livePercent = (long) store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
        return size > COMPACT_BY_COPY_ABOVE_BYTES && livePercent < COMPACT_BY_COPY_BELOW_PERCENT;
    }

    /**
     * A file mostly of dead space (a large listing writes many versions of the same pages, and MVStore's
     * own compaction needs buffers the service's heap cannot spare) is rewritten at open into a new file
     * holding only its live pages, which then replaces it in one rename: a crash meanwhile leaves the old
     * file, whole. Returns the path's store again (compacted or not).
     */
    private static IndexStore compactedByCopy(IndexStore opened) throws IOException {
        if (!opened.mostlyDead()) {
            return opened;
        }
        Path file = opened.file;
        Path copy = file.resolveSibling(file.getFileName() + ".compacting");
        opened.close();
        try {
            MVStore.compact(file.toString(), copy.toString(), false, null);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(copy,
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (java.nio.channels.FileChannel folder = java.nio.channels.FileChannel.open(file.getParent())) {
                folder.force(true);
            } catch (IOException e) {
                // Some file systems cannot sync a folder; the rename is then as durable as they make it.
            }
        } catch (MVStoreException | IOException e) {
            // Not worth failing the start over: the old file is whole and still used.
            Files.deleteIfExists(copy);
        }
        IndexStore reopened = new IndexStore(builder().fileName(file.toString()).open(), file);
        reopened.store.setRetentionTime(RETENTION_MILLIS);
        return reopened;
    }

    /** Forces everything committed onto the disk. */
    void sync() throws IOException {
        if (file == null) {
            return;
        }
        try {
            store.sync();
            unsyncedSince = 0;
        } catch (MVStoreException e) {
            throw new IOException("cannot sync " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops every change since the last commit. */
    void rollback() {
        store.rollback();
    }

    /**
     * Drops the cached pages; later lookups read them from the file again. For an idle service: the pages of
     * a batch's lookups are ~3 MB of heap that the collection after the batch can then give back.
     */
    void releaseCache() {
        // MVStore takes the cache size in KB here (its builder in MB); setting it empties the cache.
        store.setCacheSize(CACHE_MB * 1024);
    }

    /** Bytes of pages cached now (0 for a store without a file). */
    long cachedBytes() {
        return store.getCacheSizeUsed() * 1024L * 1024L;
    }

    /** Commits and closes. */
    void close() throws IOException {
        if (broken()) {
            // A store that failed to write must not write again (and MVStore's close would spin on it).
            store.closeImmediately();
            return;
        }
        try {
            // No compaction at close: it may need a chunk-sized buffer the service's heap does not have.
            store.close(0);
        } catch (MVStoreException e) {
            throw new IOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /** True once a write failed: the store then refuses everything, and the file holds the last commit. */
    boolean broken() {
        return store.getPanicException() != null || store.isClosed();
    }

    /** Lets go of the file without writing a byte to it (it was deleted or replaced under us). */
    void abandon() {
        store.closeImmediately();
    }

    /** Copies every row (not the move journal) of {@code other} into this store. */
    void copyFrom(IndexStore other) {
        rows.putAll(other.rows);
        paths.putAll(other.paths);
        bySize.putAll(other.bySize);
        prints.putAll(other.prints);
        unread.putAll(other.unread);
        nextRow = Math.max(nextRow, other.nextRow);
    }

    /**
     * Which file the path names now, and its size and modification time: written after each of our own
     * commits, so any difference means someone else deleted, replaced or wrote the file.
     */
    record Identity(Object fileKey, long size, long modifiedNanos) {
        static Identity of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                return new Identity(attributes.fileKey(), attributes.size(),
                        attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * Field by field rather than through the record's equals: its first call builds method handles (~5 ms of
         * a cold start, while the index opens and nothing else can go on).
         */
        static boolean same(Identity a, Identity b) {
            if (a == null || b == null) {
                return a == b;
            }
            return a.size == b.size && a.modifiedNanos == b.modifiedNanos && Objects.equals(a.fileKey, b.fileKey);
        }
    }

    /** Moves a file that is not a readable index out of the way, keeping the one most recent such file. */
    static Path setAside(Path file, String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + why);
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

}
