package org.photoorganizer.logging;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An append-only CSV file with a fixed header, written row by row and flushed after each row so a
 * crash loses at most the row being written.
 *
 * <p>Cells that a spreadsheet would run as a formula ({@code = + - @} first) get a leading {@code '}.
 * The file is opened per row: the service writes few rows, and an open handle would keep a NAS disk
 * from sleeping no better than a closed one, while surviving log rotation and deletion by the user.
 */
public final class CsvLogFile {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final Path file;
    private final List<String> header;

    public CsvLogFile(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(List<String> cells) throws IOException {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.size());
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
             CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
            if (fresh) {
                printer.printRecord(header);
            }
            printer.printRecord(formulaSafe(cells));
        }
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
