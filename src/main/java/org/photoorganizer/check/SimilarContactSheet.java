package org.photoorganizer.check;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/**
 * Every "Similar image" verdict of a {@code photo_organizer_log.csv} as an HTML contact sheet: both
 * pictures side by side with their capture dates, file sizes, pixel sizes and the distance, so a person
 * can see at a glance whether each verdict was right. Run by {@code scripts/check-real-photos} after the
 * service filed a copy of a folder; the sheet links the files where the service put them.
 */
public final class SimilarContactSheet {

    /** {@code similar to BETTER (distance N)} in the row's Additional Info. */
    private static final Pattern SIMILAR = Pattern.compile("similar to (.+) \\(distance (\\d+)\\)");

    /** One verdict: the file sent to Duplicates, the one kept, and their distance. */
    public record Verdict(Path lesser, Path better, int distance) {}

    private SimilarContactSheet() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java -cp photo-organizer.jar " + SimilarContactSheet.class.getName()
                    + " photo_organizer_log.csv OUT.html");
            System.exit(2);
        }
        List<Verdict> verdicts = verdicts(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), html(verdicts), StandardCharsets.UTF_8);
        System.out.println(verdicts.size() + " similar-image verdict(s): " + Path.of(args[1]).toAbsolutePath());
    }

    public static List<Verdict> verdicts(Path log) throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        if (!Files.isRegularFile(log)) {
            return verdicts;
        }
        try (Reader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().build().parse(reader)) {
            for (CSVRecord row : parser) {
                if (!"Similar image".equals(row.get("Event"))) {
                    continue;
                }
                Matcher m = SIMILAR.matcher(row.get("Additional Info"));
                if (m.find()) {
                    verdicts.add(new Verdict(Path.of(row.get("File/Folder")), Path.of(m.group(1)),
                            Integer.parseInt(m.group(2))));
                }
            }
        }
        return verdicts;
    }

    public static String html(List<Verdict> verdicts) {
        MetadataCaptureDateExtractor dates = new MetadataCaptureDateExtractor(Clock.systemDefaultZone(),
                new NioFileOps());
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Similar-image verdicts</title>\n")
                .append("<style>body{font-family:sans-serif}td{vertical-align:top;padding:6px}"
                        + "img{max-width:420px;max-height:320px}tr{border-bottom:1px solid #ccc}</style>"
                        + "</head><body>\n")
                .append("<h1>").append(verdicts.size()).append(" similar-image verdict(s)</h1>\n")
                .append("<p>Left: kept in the library. Right: moved to Duplicates. Are they the same picture?</p>\n")
                .append("<table>\n");
        for (Verdict v : verdicts) {
            out.append("<tr><td colspan=\"2\"><b>distance ").append(v.distance()).append("</b></td></tr>\n<tr>");
            cell(out, v.better(), "kept", dates);
            cell(out, v.lesser(), "to Duplicates", dates);
            out.append("</tr>\n");
        }
        return out.append("</table></body></html>\n").toString();
    }

    private static void cell(StringBuilder out, Path file, String role, MetadataCaptureDateExtractor dates) {
        String date;
        try {
            date = dates.extract(file, MediaKind.IMAGE).map(d -> d.dateTime() + " (" + describe(d) + ")")
                    .orElse("no date");
        } catch (RuntimeException e) {
            date = "unreadable: " + e.getMessage();
        }
        String size;
        try {
            size = String.format(Locale.ROOT, "%,d bytes", Files.size(file));
        } catch (IOException e) {
            size = "gone";
        }
        out.append("<td><img src=\"").append(escape(file.toUri().toString())).append("\" alt=\"")
                .append(escape(file.getFileName().toString())).append("\"><br>")
                .append("<b>").append(role).append("</b>: ").append(escape(file.toString())).append("<br>")
                .append(escape(date)).append("<br>").append(size).append(", ")
                .append(pixels(file).orElse("pixels unknown")).append("</td>");
    }

    private static String describe(CaptureDate date) {
        return date.source().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Width x height from the image header, without decoding the picture. */
    private static Optional<String> pixels(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(reader.getWidth(0) + " x " + reader.getHeight(0) + " px");
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
