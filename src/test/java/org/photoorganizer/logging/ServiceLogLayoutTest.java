package org.photoorganizer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The service log's lines are written out by hand (ServiceLogLayout) instead of through logback's PatternLayout:
 * for every level, logger name, message and exception, the line is the one the pattern the package log has always
 * had gives.
 */
class ServiceLogLayoutTest {

    @Test
    void everyLineIsTheOneThePatternGives() {
        LoggerContext context = new LoggerContext();
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern(ServiceLogConfigurator.PATTERN);
        pattern.start();
        ServiceLogLayout layout = new ServiceLogLayout(ZoneId.systemDefault());
        layout.setContext(context);
        layout.start();
        IOException cause = new IOException("No space left on device");
        IllegalStateException thrown = new IllegalStateException("index not writable", cause);
        thrown.addSuppressed(new IOException("close failed"));

        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            for (String logger : List.of("org.photoorganizer.app.PhotoOrganizerService", "SystemEvents", "a.b.C$D")) {
                for (Throwable error : new Throwable[] {null, cause, thrown}) {
                    LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger(logger), level,
                            "Filed {} of {} files: {}", error, new Object[] {3, 12, "IMG_0001.JPG (ünïcode)"});
                    event.setTimeStamp(1_723_643_277_123L);

                    assertThat(layout.doLayout(event)).as(level + " " + logger + " " + error)
                            .isEqualTo(pattern.doLayout(event));
                }
            }
        }
    }

    @Test
    void timesAreTheZonesOwn() {
        LoggerContext context = new LoggerContext();
        ServiceLogLayout layout = new ServiceLogLayout(TimeZone.getTimeZone("Asia/Tokyo").toZoneId());
        LoggingEvent event = new LoggingEvent("x", context.getLogger("x.Y"), Level.INFO, "hello", null, null);
        event.setTimeStamp(1_723_643_277_123L);

        assertThat(layout.doLayout(event)).isEqualTo("2024-08-14 22:47:57 INFO  Y: hello" + System.lineSeparator());
    }
}
