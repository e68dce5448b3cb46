package org.photoorganizer.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The service's own diagnostics, set up in code (found by logback through {@code META-INF/services}).
 *
 * <p>Why not a logback.xml: reading one loads logback's XML configurator and the JDK's XML parser, about 690
 * classes and 4.3 MB of resident memory that a NAS service keeps for as long as it runs, to read five settings.
 *
 * <p>The settings are system properties, as the package's start script passes them:
 * <ul>
 *   <li>{@code photoorganizer.log}: the log file; without it the lines go to standard error. The file is
 *       rotated while the service runs: above {@code photoorganizer.log.max} (5MB) it becomes .1, .2, .3 and the
 *       oldest is dropped, so the NAS never fills up with diagnostics and no line is lost to a
 *       copy-and-truncate race. The size is looked at every {@code photoorganizer.log.check} (10 seconds).</li>
 *   <li>{@code photoorganizer.log.level}: the service's own level (INFO); other libraries log at WARN.</li>
 * </ul>
 * A {@code logback.configurationFile} property, or a logback-test.xml on the class path, still wins: this
 * configurator then steps aside for logback's own.
 */
public final class ServiceLogConfigurator extends ContextAwareBase implements Configurator {
    /** The lines' pattern, as logback would write it (the package log has always had it). */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{0}: %msg%n";
    private static final int KEPT_FILES = 3;

    private final UnaryOperator<String> properties;
    private final boolean testConfigurationPresent;

    /** Reads the system properties (logback's ServiceLoader needs this constructor). */
    public ServiceLogConfigurator() {
        this(System::getProperty,
                ServiceLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null);
    }

    ServiceLogConfigurator(UnaryOperator<String> properties, boolean testConfigurationPresent) {
        this.properties = properties;
        this.testConfigurationPresent = testConfigurationPresent;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (properties.apply("logback.configurationFile") != null || testConfigurationPresent) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String file = properties.apply("photoorganizer.log");
        OutputStreamAppender<ILoggingEvent> appender = file == null || file.isBlank()
                ? toStandardError(context) : rotating(context, file);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        context.getLogger("org.photoorganizer")
                .setLevel(Level.toLevel(properties.apply("photoorganizer.log.level"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> toStandardError(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private RollingFileAppender<ILoggingEvent> rotating(LoggerContext context, String file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.replace("%", "\\%") + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(parsed("photoorganizer.log.max", "5MB", FileSize::valueOf));
        trigger.setCheckIncrement(parsed("photoorganizer.log.check", "10 seconds", Duration::valueOf));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    /** A setting, or its default (with a warning in logback's status) when it is missing or unreadable. */
    private <T> T parsed(String name, String otherwise, Function<String, T> parser) {
        String value = properties.apply(name);
        if (value != null && !value.isBlank()) {
            try {
                return parser.apply(value.trim());
            } catch (IllegalArgumentException e) {
                addWarn(name + "=" + value + " is not understood; using " + otherwise);
            }
        }
        return parser.apply(otherwise);
    }

    /** Lines as {@link #PATTERN} gives them, written by {@link ServiceLogLayout}. */
    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        ServiceLogLayout layout = new ServiceLogLayout(ZoneId.systemDefault());
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
