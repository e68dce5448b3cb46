package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The index's maps in one H2 MVStore (pure Java, one file, copy-on-write B-trees): rows by id, ids by
 * path hash and by size (with the MD5 beside, so an exact-duplicate lookup reads no row it does not
 * return), the ids still to be read, the move journal and a few counters.
 *
 * <p>Nothing is written behind the caller's back: the store's background thread (auto-commit and
 * housekeeping) is off, so an idle service never touches the file. {@link #commit()} hands the changes
 * to the operating system (they survive a kill -9 from then on); {@link #sync()} forces them to the disk
 * (they survive a power cut). Not thread-safe; {@link LibraryIndex} serialises every call.
 */
final class IndexStore {
    /** The layout of rows and keys; an index of another format is rebuilt from the library, never misread. */
    static final String FORMAT = "1";
    private static final String FORMAT_KEY = "format";
    private static final String NEXT_ROW = "nextRow";
    private static final String NEXT_MOVE = "nextMove";
    /** Page cache: lookups stay fast at a million rows within the service's 128 MB heap. */
    private static final int CACHE_MB = 4;
    /** Chunks freed by later commits are kept this long, in case the disk had not written the newer ones. */
    private static final int RETENTION_MILLIS = 45_000;
    /** Below this share of live data the file is compacted, a little at a time, after commits. */
    private static final int COMPACT_BELOW_PERCENT = 50;
    private static final int COMPACT_CHECK_EVERY = 256;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;

    final MVStore store;
    final MVMap<Long, StoredRow> rows;
    final MVMap<LongPair, byte[]> byPath;
    final MVMap<LongPair, byte[]> bySize;
    final MVMap<Long, Long> pendingReads;
    final MVMap<Long, String> journal;
    private final MVMap<String, String> counters;
    private final Path file;
    private long nextRow;
    private long nextMove;
    private int commitsSinceCompactCheck;

    private IndexStore(MVStore store, Path file) {
        this.store = store;
        this.file = file;
        rows = store.openMap("rows", new MVMap.Builder<Long, StoredRow>().keyType(LongDataType.INSTANCE)
                .valueType(StoredRow.Type.INSTANCE));
        byPath = store.openMap("byPath", new MVMap.Builder<LongPair, byte[]>().keyType(LongPair.Type.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        bySize = store.openMap("bySize", new MVMap.Builder<LongPair, byte[]>().keyType(LongPair.Type.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        pendingReads = store.openMap("pendingReads", new MVMap.Builder<Long, Long>().keyType(LongDataType.INSTANCE)
                .valueType(LongDataType.INSTANCE));
        journal = store.openMap("moveJournal", new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        counters = store.openMap("counters", new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        nextRow = Long.parseLong(counters.getOrDefault(NEXT_ROW, "1"));
        nextMove = Long.parseLong(counters.getOrDefault(NEXT_MOVE, "1"));
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
            String format = opened.counters.get(FORMAT_KEY);
            if (format == null && existed && !opened.rows.isEmpty()) {
                throw new Unreadable(file + " holds no index format mark", null);
            }
            if (format != null && !format.equals(FORMAT)) {
                throw new Unreadable(file + " is an index of format " + format + ", this version reads format "
                        + FORMAT, null);
            }
            if (format == null) {
                opened.counters.put(FORMAT_KEY, FORMAT);
                opened.commit();
                opened.sync();
            }
            return opened;
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
        long id = nextRow++;
        counters.put(NEXT_ROW, Long.toString(nextRow));
        return id;
    }

    /** Row ids continue after a lost index's, so an id remembered elsewhere never names another file. */
    void continueRowIdsAfter(long lastUsed) {
        if (lastUsed >= nextRow) {
            nextRow = lastUsed + 1;
            counters.put(NEXT_ROW, Long.toString(nextRow));
        }
    }

    long lastRowId() {
        return nextRow - 1;
    }

    long newMoveId() {
        long id = nextMove++;
        counters.put(NEXT_MOVE, Long.toString(nextMove));
        return id;
    }

    /** Hands what changed to the operating system. Returns true when something was written. */
    boolean commit() throws IOException {
        try {
            boolean wrote = store.commit() >= 0;
            if (wrote && file != null && ++commitsSinceCompactCheck >= COMPACT_CHECK_EVERY) {
                commitsSinceCompactCheck = 0;
                if (store.getFillRate() < COMPACT_BELOW_PERCENT) {
                    // Rewrites the live pages of mostly dead chunks, a few MB at a time: the file stays near
                    // the size of its content, without a background thread.
                    store.compact(COMPACT_BELOW_PERCENT, COMPACT_WRITE_BYTES);
                    store.commit();
                }
            }
            return wrote;
        } catch (MVStoreException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces everything committed onto the disk. */
    void sync() throws IOException {
        if (file == null) {
            return;
        }
        try {
            store.sync();
        } catch (MVStoreException e) {
            throw new IOException("cannot sync " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops every change since the last commit. */
    void rollback() {
        store.rollback();
        nextRow = Long.parseLong(counters.getOrDefault(NEXT_ROW, "1"));
        nextMove = Long.parseLong(counters.getOrDefault(NEXT_MOVE, "1"));
    }

    /** Commits and closes, compacting the file for at most {@code compactMillis}. */
    void close(int compactMillis) throws IOException {
        if (broken()) {
            // A store that failed to write must not write again (and MVStore's close would spin on it).
            store.closeImmediately();
            return;
        }
        try {
            store.close(compactMillis);
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

    /** Copies every row and counter (not the move journal) of {@code other} into this store. */
    void copyFrom(IndexStore other) {
        rows.putAll(other.rows);
        byPath.putAll(other.byPath);
        bySize.putAll(other.bySize);
        pendingReads.putAll(other.pendingReads);
        nextRow = Math.max(nextRow, other.nextRow);
        counters.put(NEXT_ROW, Long.toString(nextRow));
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

        static boolean same(Identity a, Identity b) {
            return Objects.equals(a, b);
        }
    }

    /** Moves a file that is not a readable index out of the way, keeping the one most recent such file. */
    static Path setAside(Path file, String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + why);
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    Map<String, String> counters() {
        return counters;
    }
}
