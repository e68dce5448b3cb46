package org.photoorganizer.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.pipeline.PipelineListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * photo_organizer_log.csv: one 9-column row per file event, in the original's format
 * ({@code Log,Time,IP address,User,Event,File/Folder,File size,File name,Additional Info}).
 */
public final class OperationLog implements PipelineListener {
    public static final String FILE_NAME = "photo_organizer_log.csv";
    public static final List<String> HEADER = List.of(
            "Log", "Time", "IP address", "User", "Event", "File/Folder", "File size", "File name", "Additional Info");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Logger LOG = LoggerFactory.getLogger(OperationLog.class);
    private static final Pattern LETTERED = Pattern.compile("(\\d{8}_\\d{6})_[A-Z]+(\\.[^.]+)?");

    private final GuardedCsvLog csv;
    private final Clock clock;
    private final LogIdentity identity;

    public OperationLog(Path logDir, Clock clock, LogIdentity identity) {
        this(logDir, clock, identity, event -> { });
    }

    /** {@code problems}: where it says that the file cannot be written (and when it can again). */
    public OperationLog(Path logDir, Clock clock, LogIdentity identity, SystemEventListener problems) {
        this.csv = new GuardedCsvLog(new CsvLogFile(logDir.resolve(FILE_NAME), HEADER), problems);
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void on(PipelineEvent event) {
        try {
            Row row = rowFor(event);
            // The same row in the service's own log at DEBUG (-Dphotoorganizer.log.level=DEBUG).
            LOG.debug("{}: {} {}", row.event(), row.file(), row.info());
            csv.append(List.of("SMB", LocalDateTime.now(clock).format(TIME), identity.ipAddress(), identity.user(),
                    row.event(), shown(row.file()), row.size() < 0 ? "" : ByteSize.format(row.size()),
                    row.file().getFileName().toString(), row.info()));
        } catch (RuntimeException e) {
            LOG.error("Cannot write a row for {}: {}", event, e.toString());
        }
    }

    private record Row(String event, Path file, long size, String info) {}

    private Row rowFor(PipelineEvent event) {
        if (event instanceof PipelineEvent.Detected e) {
            return new Row("File Detected", e.source(), e.size(), "");
        } else if (event instanceof PipelineEvent.Filed e) {
            return new Row("File moved", e.target(), e.size(), "from " + shown(e.source()) + sameSecondNote(e.target())
                    + (e.note().isEmpty() ? "" : "; " + e.note()));
        } else if (event instanceof PipelineEvent.DuplicateDeleted e) {
            return new Row("Duplicate Deleted", e.source(), e.size(), "identical to " + shown(e.keptCopy()));
        } else if (event instanceof PipelineEvent.MovedToDuplicates e) {
            return new Row("Moved to Duplicates", e.target(), e.size(),
                    "identical to " + shown(e.original()) + "; from " + shown(e.source()));
        } else if (event instanceof PipelineEvent.SimilarImage e) {
            return new Row("Similar image", e.lesserTarget(), e.size(),
                    "similar to " + shown(e.better()) + " (distance " + e.distance() + "), kept the better version; from "
                            + shown(e.source()));
        } else if (event instanceof PipelineEvent.Skipped e) {
            return new Row("Skipped", e.source(), sizeOrUnknown(e.source()), e.reason());
        } else if (event instanceof PipelineEvent.Failed e) {
            return new Row("Error", e.source(), sizeOrUnknown(e.source()), e.message());
        } else if (event instanceof PipelineEvent.DeletedByUser e) {
            return new Row("Duplicate Deleted", e.source(), e.size(), e.reason());
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** A lettered name means the plain one holds a different photo of the same second: say which. */
    private static String sameSecondNote(Path target) {
        Matcher lettered = LETTERED.matcher(target.getFileName().toString());
        if (!lettered.matches()) {
            return "";
        }
        return "; " + lettered.group(1) + lettered.group(2) + " is a different photo taken in the same second";
    }

    private String shown(Path path) {
        return identity.pathForLog().apply(path).toString();
    }

    private static long sizeOrUnknown(Path file) {
        try {
            return Files.size(file.toRealPath(LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
