package org.photoorganizer.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.photoorganizer.fs.FileOps;

/**
 * Reads photo_organizer_log.csv page by page without holding it in memory: one forward pass (resumed
 * where the last one stopped when the file has grown) remembers the byte offset of every
 * {@value #CHECKPOINT_EVERY}th row and a few per-day totals; a page is then read by parsing, newest first,
 * only the stretches of {@value #CHECKPOINT_EVERY} rows it needs. Memory: 8 bytes per
 * {@value #CHECKPOINT_EVERY} rows plus one stretch (a few KB) at a time.
 *
 * <p>Rows are split on line ends outside quotes, so names with commas, quotes or line breaks (RFC 4180)
 * are read intact. A last row still being written is left for the next refresh. Read through
 * {@link FileOps}, only when someone asks.
 */
final class OperationLogIndex {
    static final int CHECKPOINT_EVERY = 64;
    private static final int CHUNK = 64 * 1024;
    /** A longer "row" is not one the service wrote; it is skipped rather than held in memory. */
    private static final int MAX_ROW_BYTES = 256 * 1024;

    private final FileOps files;
    private final Path file;

    private long indexedBytes;
    private boolean headerSkipped;
    private long rows;
    private long[] checkpoints = new long[64];
    private final TreeMap<LocalDate, Integer> filedPerDay = new TreeMap<>();
    private final TreeMap<YearMonth, Long> savedPerMonth = new TreeMap<>();

    OperationLogIndex(FileOps files, Path file) {
        this.files = files;
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** A page of rows, newest first, and where the next (older) page starts. */
    record Page(List<LogRow> rows, long next, boolean more, long total) {}

    /** Reads what was appended since the last call (everything, if the file was replaced or cut). */
    synchronized void refresh() throws IOException {
        long size;
        try {
            size = files.attributes(file).size();
        } catch (NoSuchFileException e) {
            reset();
            return;
        }
        if (size < indexedBytes) {
            reset();
        }
        if (size == indexedBytes) {
            return;
        }
        try (SeekableByteChannel channel = files.openChannel(file)) {
            scan(channel, indexedBytes, size, true, (offset, cells) -> {
                if (rows % CHECKPOINT_EVERY == 0) {
                    int slot = (int) (rows / CHECKPOINT_EVERY);
                    if (slot == checkpoints.length) {
                        checkpoints = Arrays.copyOf(checkpoints, slot * 2);
                    }
                    checkpoints[slot] = offset;
                }
                count(LogRow.of(rows, cells));
                rows++;
                return true;
            });
        }
    }

    private void reset() {
        indexedBytes = 0;
        headerSkipped = false;
        rows = 0;
        filedPerDay.clear();
        savedPerMonth.clear();
    }

    synchronized long rows() {
        return rows;
    }

    synchronized NavigableMap<LocalDate, Integer> filedPerDay() {
        return new TreeMap<>(filedPerDay);
    }

    synchronized NavigableMap<YearMonth, Long> savedPerMonth() {
        return new TreeMap<>(savedPerMonth);
    }

    private void count(LogRow row) {
        if (row.time().length() < 10) {
            return;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(row.time().substring(0, 10));
        } catch (DateTimeParseException e) {
            return;
        }
        if (row.event().equals(LogRow.FILED)) {
            filedPerDay.merge(day, 1, Integer::sum);
        } else if (row.event().equals(LogRow.DUPLICATE_DELETED)) {
            savedPerMonth.merge(YearMonth.from(day), row.bytes(), Long::sum);
        }
    }

    /**
     * Rows older than row number {@code before} that {@code filter} accepts, newest first, at most
     * {@code limit}. Call {@link #refresh} first for the newest rows.
     */
    synchronized Page page(Predicate<LogRow> filter, long before, int limit) throws IOException {
        List<LogRow> found = new ArrayList<>();
        long start = Math.min(before, rows);
        if (start <= 0 || limit <= 0) {
            return new Page(found, 0, false, rows);
        }
        long next = 0;
        try (SeekableByteChannel channel = files.openChannel(file)) {
            for (long slot = (start - 1) / CHECKPOINT_EVERY; slot >= 0 && found.size() < limit; slot--) {
                long from = checkpoints[(int) slot];
                long to = slot + 1 < (rows + CHECKPOINT_EVERY - 1) / CHECKPOINT_EVERY ? checkpoints[(int) slot + 1]
                        : indexedBytes;
                List<LogRow> stretch = new ArrayList<>(CHECKPOINT_EVERY);
                long[] number = {slot * CHECKPOINT_EVERY};
                scan(channel, from, to, false, (offset, cells) -> {
                    stretch.add(LogRow.of(number[0]++, cells));
                    return true;
                });
                for (int i = stretch.size() - 1; i >= 0; i--) {
                    LogRow row = stretch.get(i);
                    if (row.number() >= start) {
                        continue;
                    }
                    if (found.size() == limit) {
                        break;
                    }
                    next = row.number();
                    if (filter.test(row)) {
                        found.add(row);
                    }
                }
            }
        }
        return new Page(found, next, next > 0 && found.size() == limit, rows);
    }

    private interface RowSink {
        boolean row(long offset, List<String> cells);
    }

    /** Splits [from, to) into rows; with {@code advance} it also moves {@link #indexedBytes} past each whole row. */
    private void scan(SeekableByteChannel channel, long from, long to, boolean advance, RowSink sink) throws IOException {
        channel.position(from);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        boolean quoted = false;
        boolean oversized = false;
        long rowStart = from;
        long position = from;
        while (position < to) {
            buffer.clear();
            buffer.limit((int) Math.min(CHUNK, to - position));
            int read = channel.read(buffer);
            if (read <= 0) {
                break;
            }
            buffer.flip();
            for (int i = 0; i < read; i++) {
                byte b = buffer.get(i);
                if (b == '"') {
                    quoted = !quoted;
                }
                if (b == '\n' && !quoted) {
                    long end = position + i + 1;
                    if (!oversized) {
                        deliver(row.toByteArray(), rowStart, advance, sink);
                    }
                    if (advance) {
                        indexedBytes = end;
                    }
                    row.reset();
                    oversized = false;
                    rowStart = end;
                } else if (!oversized) {
                    if (row.size() >= MAX_ROW_BYTES) {
                        oversized = true;
                        row.reset();
                    } else {
                        row.write(b);
                    }
                }
            }
            position += read;
        }
    }

    private void deliver(byte[] bytes, long offset, boolean advance, RowSink sink) {
        List<String> cells = cells(new String(bytes, StandardCharsets.UTF_8));
        if (offset == 0) {
            if (advance) {
                headerSkipped = true;
            }
            if (!cells.isEmpty() && cells.get(0).equals("Log")) {
                return;
            }
        }
        sink.row(offset, cells);
    }

    /** RFC 4180 cells of one row (its line end already removed, a trailing CR dropped). */
    static List<String> cells(String row) {
        String text = row.endsWith("\r") ? row.substring(0, row.length() - 1) : row;
        List<String> cells = new ArrayList<>(9);
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
