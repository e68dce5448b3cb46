package org.photoorganizer.logging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * An append-only CSV file with a fixed header, written row by row so a crash loses at most the row being
 * written.
 *
 * <p>Cells that a spreadsheet would run as a formula ({@code = + - @} first) get a leading {@code '}.
 * The file is opened per row: the service writes few rows, and an open handle would keep a NAS disk
 * from sleeping no better than a closed one, while surviving log rotation and deletion by the user.
 *
 * <p>A row that cannot be written (disk full, read-only, permission) is kept, up to {@value #KEPT_ROWS} rows,
 * and written before the next row once the file can be written again; a write that fails half-way is cut
 * back, so the file never holds half a row.
 */
public final class CsvLogFile {
    static final int KEPT_ROWS = 10_000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final Path file;
    private final List<String> header;
    private final Deque<List<String>> unwritten = new ArrayDeque<>();

    public CsvLogFile(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    public Path file() {
        return file;
    }

    /**
     * Writes the rows kept from earlier failures, then this one.
     *
     * @return how many kept rows were written now (0 when none were waiting)
     * @throws IOException when the file cannot be written; the row is kept for the next attempt
     */
    public synchronized int append(List<String> cells) throws IOException {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.size());
        }
        List<List<String>> rows = new ArrayList<>(unwritten);
        rows.add(formulaSafe(cells));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long end = channel.size();
            ByteBuffer text = ByteBuffer.wrap(render(end == 0, rows).getBytes(StandardCharsets.UTF_8));
            try {
                while (text.hasRemaining()) {
                    channel.write(text, end + text.position());
                }
            } catch (IOException e) {
                // Cut back what got through, so no half row is left for the next one to run into.
                channel.truncate(end);
                throw e;
            }
        } catch (IOException e) {
            keep(formulaSafe(cells));
            throw e;
        }
        int kept = unwritten.size();
        unwritten.clear();
        return kept;
    }

    /** Rows kept since the file last could be written. */
    public synchronized int unwrittenRows() {
        return unwritten.size();
    }

    private void keep(List<String> row) {
        unwritten.addLast(row);
        if (unwritten.size() > KEPT_ROWS) {
            // Each row also went to the service log when it could not be written; the oldest goes first here.
            unwritten.removeFirst();
        }
    }

    /** The rows as RFC 4180 text; straight through the format, since a CSVPrinter copies and checks it anew. */
    private String render(boolean fresh, List<List<String>> rows) throws IOException {
        StringBuilder text = new StringBuilder(256);
        if (fresh) {
            FORMAT.printRecord(text, header.toArray());
        }
        for (List<String> row : rows) {
            FORMAT.printRecord(text, row.toArray());
        }
        return text.toString();
    }

    static List<String> formulaSafe(List<String> cells) {
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) {
            String value = cell == null ? "" : cell;
            if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
                value = "'" + value;
            }
            safe.add(value);
        }
        return safe;
    }
}
