package org.photoorganizer.review;

import java.util.List;
import java.util.Locale;

/**
 * One data row of photo_organizer_log.csv ({@code Log,Time,IP address,User,Event,File/Folder,File size,
 * File name,Additional Info}); {@code number} counts data rows from 0, oldest first.
 */
record LogRow(long number, String time, String event, String file, String size, String name, String info) {

    static final String FILED = "File moved";
    static final String DUPLICATE_DELETED = "Duplicate Deleted";
    static final String MOVED_TO_DUPLICATES = "Moved to Duplicates";
    static final String SIMILAR = "Similar image";
    static final String ERROR = "Error";

    /** A row from its cells; short rows (hand-edited files) get empty cells. */
    static LogRow of(long number, List<String> cells) {
        return new LogRow(number, cell(cells, 1), cell(cells, 4), cell(cells, 5), cell(cells, 6), cell(cells, 7),
                cell(cells, 8));
    }

    /** Undoes the leading {@code '} the log puts before cells a spreadsheet would run as a formula. */
    private static String cell(List<String> cells, int index) {
        String value = index < cells.size() ? cells.get(index) : "";
        if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@".indexOf(value.charAt(1)) >= 0) {
            return value.substring(1);
        }
        return value;
    }

    boolean mentions(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return file.toLowerCase(Locale.ROOT).contains(needle) || info.toLowerCase(Locale.ROOT).contains(needle)
                || name.toLowerCase(Locale.ROOT).contains(needle) || time.contains(needle);
    }

    /** Bytes from the log's "2.45 MB" notation (base 1024, as written); 0 when unreadable. */
    long bytes() {
        String[] parts = size.trim().split(" ");
        if (parts.length != 2) {
            return 0;
        }
        int unit = List.of("B", "KB", "MB", "GB", "TB").indexOf(parts[1]);
        try {
            return unit < 0 ? 0 : Math.round(Double.parseDouble(parts[0]) * Math.pow(1024, unit));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
