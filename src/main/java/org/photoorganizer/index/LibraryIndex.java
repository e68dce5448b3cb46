package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.move.MoveJournal;

/**
 * The library index: one SQLite row per file the service manages (path, size, mtime, MD5, perceptual
 * fingerprint), plus the journal of moves in flight. Paths are stored relative to the library root,
 * so the index survives the share being mounted elsewhere.
 *
 * <p>Used from one thread at a time (the pipeline's); the methods are synchronized so the startup scan
 * and a dry run may share it safely.
 */
public final class LibraryIndex implements MoveJournal, AutoCloseable {

    /** The part of the library a file lives in. Only {@link #LIBRARY} files are candidates for similarity. */
    public enum Area { LIBRARY, DUPLICATES, NO_DATE }

    /** One indexed file. */
    public record Entry(long id, Path path, long size, long modifiedMillis, String md5,
                        Optional<ImageFingerprint> fingerprint, Area area) {}

    private static final int SCHEMA_VERSION = 1;

    private final Connection connection;
    private final Path root;

    private LibraryIndex(Connection connection, Path root) throws SQLException {
        this.connection = connection;
        this.root = root.toAbsolutePath().normalize();
        createSchema();
    }

    /** Opens (creating if needed) the index file. */
    public static LibraryIndex open(Path databaseFile, Path libraryRoot) throws IOException {
        try {
            Files.createDirectories(databaseFile.getParent());
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: the move journal must be on disk before the first file is touched.
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                // Keep SQLite's page cache small: the service lives in a 128 MB heap on a small NAS.
                statement.execute("PRAGMA cache_size=-2000");
            }
            return new LibraryIndex(connection, libraryRoot);
        } catch (SQLException e) {
            throw new IOException("Cannot open the library index " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    /** An index that lives only in memory: for dry runs without an index file, and for tests. */
    public static LibraryIndex inMemory(Path libraryRoot) throws IOException {
        try {
            return new LibraryIndex(DriverManager.getConnection("jdbc:sqlite::memory:"), libraryRoot);
        } catch (SQLException e) {
            throw new IOException("Cannot create an in-memory index: " + e.getMessage(), e);
        }
    }

    /** Replaces this (in-memory) index's content with a copy of an index file; the file is only read. */
    public synchronized void restoreFrom(Path databaseFile) throws IOException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("restore from '" + databaseFile.toAbsolutePath().toString().replace("'", "''")
                    + "'");
        } catch (SQLException e) {
            throw failure("copy the index " + databaseFile, e);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS files (
                      id INTEGER PRIMARY KEY,
                      path TEXT NOT NULL UNIQUE,
                      size INTEGER NOT NULL,
                      mtime INTEGER NOT NULL,
                      md5 TEXT NOT NULL,
                      phash INTEGER,
                      phash_version INTEGER,
                      width INTEGER,
                      height INTEGER,
                      bits INTEGER,
                      area TEXT NOT NULL)""");
            statement.execute("CREATE INDEX IF NOT EXISTS files_size_md5 ON files(size, md5)");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS move_journal (
                      id INTEGER PRIMARY KEY,
                      source TEXT NOT NULL,
                      target TEXT NOT NULL,
                      size INTEGER NOT NULL DEFAULT -1)""");
            statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '" + SCHEMA_VERSION
                    + "')");
        }
    }

    public Path root() {
        return root;
    }

    public synchronized List<Entry> findBySizeAndMd5(long size, String md5) throws IOException {
        return query("SELECT * FROM files WHERE size = ? AND md5 = ? ORDER BY id", size, md5);
    }

    public synchronized Optional<Entry> findByPath(Path path) throws IOException {
        return query("SELECT * FROM files WHERE path = ?", relative(path)).stream().findFirst();
    }

    public synchronized Optional<Entry> findById(long id) throws IOException {
        return query("SELECT * FROM files WHERE id = ?", id).stream().findFirst();
    }

    /** Adds or replaces the row for {@code path}. */
    public synchronized Entry put(Path path, long size, long modifiedMillis, String md5,
                                  Optional<ImageFingerprint> fingerprint, Area area) throws IOException {
        String sql = """
                INSERT INTO files(path, size, mtime, md5, phash, phash_version, width, height, bits, area)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, md5 = excluded.md5,
                  phash = excluded.phash, phash_version = excluded.phash_version, width = excluded.width,
                  height = excluded.height, bits = excluded.bits, area = excluded.area""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, relative(path));
            statement.setLong(2, size);
            statement.setLong(3, modifiedMillis);
            statement.setString(4, md5);
            if (fingerprint.isPresent()) {
                ImageFingerprint fp = fingerprint.get();
                statement.setLong(5, fp.phash());
                statement.setInt(6, fp.algorithmVersion());
                statement.setInt(7, fp.width());
                statement.setInt(8, fp.height());
                statement.setInt(9, fp.bitsPerPixel());
            } else {
                for (int i = 5; i <= 9; i++) {
                    statement.setNull(i, java.sql.Types.INTEGER);
                }
            }
            statement.setString(10, area.name());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("index " + path, e);
        }
        return findByPath(path).orElseThrow(() -> new IOException("row for " + path + " vanished"));
    }

    public synchronized void remove(Path path) throws IOException {
        update("DELETE FROM files WHERE path = ?", relative(path));
    }

    /** Visits every library-area row that has a fingerprint, for loading the in-memory similarity index. */
    public synchronized void forEachFingerprinted(Consumer<Entry> visitor) throws IOException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM files WHERE phash IS NOT NULL AND area = 'LIBRARY'");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                visitor.accept(entry(rows));
            }
        } catch (SQLException e) {
            throw failure("read fingerprints", e);
        }
    }

    public synchronized long count() throws IOException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM files")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("count", e);
        }
    }

    /**
     * Removes the rows a scan did not see ({@code seen}) whose file is gone; a row for a file that exists
     * was written behind the scan and stays. Returns the removed paths.
     */
    public synchronized List<Path> removeMissing(BitSet seen, java.util.function.Predicate<Path> exists)
            throws IOException {
        List<Long> stale = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, path FROM files")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                Path path = root.resolve(rows.getString(2));
                if ((id > Integer.MAX_VALUE || !seen.get((int) id)) && !exists.test(path)) {
                    stale.add(id);
                    paths.add(path);
                }
            }
        } catch (SQLException e) {
            throw failure("list rows", e);
        }
        inTransaction(() -> {
            for (long id : stale) {
                update("DELETE FROM files WHERE id = ?", id);
            }
        });
        return paths;
    }

    /** Work that writes many rows, committed together: a scan is much faster in batches. */
    public interface Batch {
        void run() throws IOException;
    }

    public synchronized void inTransaction(Batch batch) throws IOException {
        try {
            connection.setAutoCommit(false);
            batch.run();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("commit", e);
        } catch (IOException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The next statement reports the broken connection.
            }
        }
    }

    @Override
    public synchronized long begin(Path source, Path target, long size) throws IOException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO move_journal(source, target, size) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, source.toAbsolutePath().toString());
            statement.setString(2, target.toAbsolutePath().toString());
            statement.setLong(3, size);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("journal the move of " + source, e);
        }
    }

    @Override
    public synchronized void end(long id) throws IOException {
        update("DELETE FROM move_journal WHERE id = ?", id);
    }

    @Override
    public synchronized List<MoveJournal.Entry> pending() throws IOException {
        List<MoveJournal.Entry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, source, target, size FROM move_journal ORDER BY id")) {
            while (rows.next()) {
                entries.add(new MoveJournal.Entry(rows.getLong(1), Path.of(rows.getString(2)),
                        Path.of(rows.getString(3)), rows.getLong(4)));
            }
        } catch (SQLException e) {
            throw failure("read the move journal", e);
        }
        return entries;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new IllegalArgumentException(path + " is not inside the library " + root);
        }
        return root.relativize(absolute).toString();
    }

    private List<Entry> query(String sql, Object... parameters) throws IOException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private void update(String sql, Object... parameters) throws IOException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private Entry entry(ResultSet row) throws SQLException {
        long phash = row.getLong("phash");
        Optional<ImageFingerprint> fingerprint = row.wasNull() ? Optional.empty()
                : Optional.of(new ImageFingerprint(phash, row.getInt("phash_version"), row.getInt("width"),
                        row.getInt("height"), row.getInt("bits")));
        return new Entry(row.getLong("id"), root.resolve(row.getString("path")), row.getLong("size"),
                row.getLong("mtime"), row.getString("md5"), fingerprint, Area.valueOf(row.getString("area")));
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // Nothing more to undo.
        }
    }

    private static IOException failure(String what, SQLException e) {
        return new IOException("Library index: cannot " + what + ": " + e.getMessage(), e);
    }
}
