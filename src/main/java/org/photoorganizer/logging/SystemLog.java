package org.photoorganizer.logging;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** system_log.csv: {@code Level,Log,Time,User,Event} rows for service-level events. */
public final class SystemLog implements SystemEventListener {
    public static final String FILE_NAME = "system_log.csv";
    public static final List<String> HEADER = List.of("Level", "Log", "Time", "User", "Event");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final Logger LOG = LoggerFactory.getLogger(SystemLog.class);

    private final GuardedCsvLog csv;
    private final Clock clock;
    private final String user;

    public SystemLog(Path logDir, Clock clock, String user) {
        this(logDir, clock, user, event -> { });
    }

    /**
     * {@code problems}: where it says that the file cannot be written; never this log itself (the DSM log
     * and the service log do).
     */
    public SystemLog(Path logDir, Clock clock, String user, SystemEventListener problems) {
        this.csv = new GuardedCsvLog(new CsvLogFile(logDir.resolve(FILE_NAME), HEADER), problems);
        this.clock = clock;
        this.user = user;
    }

    @Override
    public void on(SystemEvent event) {
        try {
            csv.append(List.of(event.level().label(), "System", LocalDateTime.now(clock).format(TIME), user,
                    event.message()));
        } catch (RuntimeException e) {
            LOG.error("Cannot write {}: {}", event, e.toString());
        }
    }
}
