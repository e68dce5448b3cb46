package org.photoorganizer.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The service log's line, {@code 2024-08-14 13:47:57 INFO  PhotoOrganizerService: message}, then the stack trace
 * of an exception if the line carries one: what {@code %d{yyyy-MM-dd HH:mm:ss} %-5level %logger{0}: %msg%n} gave
 * through logback's PatternLayout. Written out because that layout's first use defines a converter for every
 * conversion word logback knows (about 50 lambdas, each a class spun at run time) and its pattern compiler: 30-40
 * ms of a start and ~0.5 MB of classes a NAS service keeps, to print five fields.
 */
final class ServiceLogLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int LEVEL_WIDTH = 5;

    private final ZoneId zone;

    ServiceLogLayout(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < LEVEL_WIDTH; i++) {
            line.append(' ');
        }
        line.append(' ');
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length());
        line.append(": ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            // One line per frame, causes and suppressed exceptions included, each line ended.
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }
}
