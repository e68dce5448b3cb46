package org.photoorganizer.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.photoorganizer.fs.FileOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OwedRows} as one small file per owed row in a folder of the service's state
 * ({@code DEST/.photo-organizer/owed-rows/}), forced to disk before the step it covers. Only steps that
 * delete a file or put one into Duplicates owe a row, so a library without duplicates never writes here.
 */
public final class OwedRowsFolder implements OwedRows {
    private static final Logger LOG = LoggerFactory.getLogger(OwedRowsFolder.class);
    private static final String SUFFIX = ".row";

    private final Path folder;
    /** What this run owes and has not paid yet: the file of each row. */
    private final Map<Path, PipelineEvent> unpaid = new LinkedHashMap<>();
    private long next;

    private final FileOps files;

    public OwedRowsFolder(Path folder, FileOps files) throws IOException {
        this.folder = folder;
        this.files = files;
        Files.createDirectories(folder);
        next = System.currentTimeMillis() * 1000;
    }

    @Override
    public synchronized void owe(PipelineEvent event) throws IOException {
        Path file = folder.resolve(String.format("%020d", next++) + SUFFIX);
        // A deleted file's name may be taken again right after (a better version takes a library name): its
        // identity, not its name, tells afterwards whether the deletion happened.
        String identity = event instanceof PipelineEvent.DuplicateDeleted
                ? String.valueOf(files.attributes(event.source()).fileKey()) : "";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(serialise(event, identity).getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        syncFolder();
        unpaid.put(file, event);
    }

    @Override
    public synchronized void paid(PipelineEvent event) {
        forget(event);
    }

    @Override
    public synchronized void cancel(PipelineEvent event) {
        forget(event);
    }

    private void forget(PipelineEvent event) {
        for (Iterator<Map.Entry<Path, PipelineEvent>> it = unpaid.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, PipelineEvent> owed = it.next();
            if (owed.getValue().getClass() == event.getClass() && owed.getValue().source().equals(event.source())) {
                // Not forced: after a power cut a row could at worst be written twice, never lost.
                try {
                    Files.deleteIfExists(owed.getKey());
                } catch (IOException e) {
                    LOG.warn("Could not remove {}: {}", owed.getKey(), e.toString());
                }
                it.remove();
            }
        }
    }

    @Override
    public synchronized List<PipelineEvent> settle(FileOps files) throws IOException {
        TreeMap<Path, Owed> owed = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : entries) {
                try {
                    owed.put(file, deserialise(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Ignoring the unreadable owed row {}: {}", file, e.toString());
                }
            }
        }
        List<Owed> rows = new ArrayList<>(owed.values());
        List<PipelineEvent> events = rows.stream().map(Owed::event).toList();
        List<PipelineEvent> happened = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PipelineEvent event = rows.get(i).event();
            if (!happened(rows.get(i), files)) {
                continue;
            }
            if (event instanceof PipelineEvent.SimilarImage similar && !files.exists(similar.better())) {
                // The better version was on its way to the library place when the service stopped.
                similar = new PipelineEvent.SimilarImage(similar.source(), similar.lesserTarget(),
                        whereTheBetterOneIs(events, i, files).orElse(similar.better()), similar.distance(),
                        similar.size());
                event = similar;
            }
            happened.add(event);
        }
        for (Path file : owed.keySet()) {
            Files.deleteIfExists(file);
        }
        unpaid.clear();
        return happened;
    }

    /** An owed row and, for a deletion, the identity of the file that was to be deleted. */
    record Owed(PipelineEvent event, String identity) {}

    /**
     * Whether the step of an owed row happened, judged once interrupted moves are finished or undone. A move
     * into Duplicates happened when its target (a free name when it was owed) is there: its source's name may
     * already hold the better version that took its place. A deletion happened when the file that had the name
     * is gone, whatever has the name now.
     */
    private static boolean happened(Owed owed, FileOps files) {
        PipelineEvent event = owed.event();
        if (event instanceof PipelineEvent.DuplicateDeleted deleted) {
            try {
                return !files.exists(deleted.source()) || !owed.identity().isEmpty()
                        && !owed.identity().equals(String.valueOf(files.attributes(deleted.source()).fileKey()));
            } catch (IOException e) {
                return true;
            }
        } else if (event instanceof PipelineEvent.MovedToDuplicates moved) {
            return files.exists(moved.target());
        } else if (event instanceof PipelineEvent.SimilarImage similar) {
            return files.exists(similar.lesserTarget());
        } else if (event instanceof PipelineEvent.Filed filed) {
            return !files.exists(filed.source()) && files.exists(filed.target());
        }
        return false;
    }

    private static boolean happened(PipelineEvent event, FileOps files) {
        return happened(new Owed(event, ""), files);
    }

    /** The incoming file owed next: at its target if it got there, else still at its source. */
    private static java.util.Optional<Path> whereTheBetterOneIs(List<PipelineEvent> events, int after, FileOps files) {
        for (int i = after + 1; i < events.size(); i++) {
            if (events.get(i) instanceof PipelineEvent.Filed filed) {
                return java.util.Optional.of(happened(filed, files) ? filed.target() : filed.source());
            }
        }
        return java.util.Optional.empty();
    }

    private void syncFolder() {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on folders; the row's own data was forced.
        }
    }

    static String serialise(PipelineEvent event, String identity) throws IOException {
        Properties row = new Properties();
        row.setProperty("event", event.getClass().getSimpleName());
        row.setProperty("identity", identity);
        row.setProperty("source", event.source().toString());
        if (event instanceof PipelineEvent.DuplicateDeleted e) {
            row.setProperty("other", e.keptCopy().toString());
            row.setProperty("size", Long.toString(e.size()));
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            row.setProperty("target", e.target().toString());
            row.setProperty("other", e.original().toString());
            row.setProperty("size", Long.toString(e.size()));
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            row.setProperty("target", e.lesserTarget().toString());
            row.setProperty("other", e.better().toString());
            row.setProperty("distance", Integer.toString(e.distance()));
            row.setProperty("size", Long.toString(e.size()));
        } else if (event instanceof PipelineEvent.Filed e) {
            row.setProperty("target", e.target().toString());
            row.setProperty("size", Long.toString(e.size()));
            row.setProperty("note", e.note());
        } else {
            throw new IllegalArgumentException("no row is owed for " + event);
        }
        StringWriter text = new StringWriter();
        row.store(text, null);
        return text.toString();
    }

    static Owed deserialise(String text) throws IOException {
        Properties row = new Properties();
        try (Reader reader = new java.io.StringReader(text)) {
            row.load(reader);
        }
        Path source = Path.of(row.getProperty("source"));
        long size = Long.parseLong(row.getProperty("size"));
        return new Owed(switch (row.getProperty("event")) {
            case "DuplicateDeleted" -> new PipelineEvent.DuplicateDeleted(source, Path.of(row.getProperty("other")), size);
            case "MovedToDuplicates" -> new PipelineEvent.MovedToDuplicates(source, Path.of(row.getProperty("target")),
                    Path.of(row.getProperty("other")), size);
            case "SimilarImage" -> new PipelineEvent.SimilarImage(source, Path.of(row.getProperty("target")),
                    Path.of(row.getProperty("other")), Integer.parseInt(row.getProperty("distance")), size);
            case "Filed" -> new PipelineEvent.Filed(source, Path.of(row.getProperty("target")), size,
                    row.getProperty("note", ""));
            default -> throw new IOException("unknown owed event " + row.getProperty("event"));
        }, row.getProperty("identity", ""));
    }
}
