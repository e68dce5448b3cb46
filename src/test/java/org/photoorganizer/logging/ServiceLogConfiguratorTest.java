package org.photoorganizer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLogConfiguratorTest {
    @TempDir
    Path temp;
    final LoggerContext context = new LoggerContext();

    {
        // What logback's own initialisation gives a context before any configurator runs.
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private ExecutionStatus configure(Map<String, String> properties) {
        ServiceLogConfigurator configurator = new ServiceLogConfigurator(properties::get, false);
        configurator.setContext(context);
        return configurator.configure(context);
    }

    private List<Appender<?>> rootAppenders() {
        List<Appender<?>> appenders = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        return appenders;
    }

    @Test
    void withoutALogFileTheServiceLogsToStandardErrorAtInfoAndOtherLibrariesAtWarn() {
        assertThat(configure(Map.of())).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        assertThat(rootAppenders()).singleElement().isInstanceOfSatisfying(ConsoleAppender.class,
                console -> assertThat(console.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("org.photoorganizer.pipeline.Pipeline").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.h2.mvstore.MVStore").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void thePackagesLogFileIsRotatedWhileItRunsKeepingThreeOldFiles() throws Exception {
        Path log = temp.resolve("photo-organizer.log");
        configure(Map.of("photoorganizer.log", log.toString(), "photoorganizer.log.max", "2KB",
                "photoorganizer.log.check", "1 milliseconds", "photoorganizer.log.level", "DEBUG"));
        Logger logger = context.getLogger("org.photoorganizer.Test");

        for (int i = 0; i < 400; i++) {
            logger.debug("line {} {}", i, "x".repeat(80));
            Thread.sleep(1);
        }

        assertThat(rootAppenders()).singleElement().isInstanceOf(RollingFileAppender.class);
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "photo-organizer.log", "photo-organizer.log.1", "photo-organizer.log.2", "photo-organizer.log.3");
        }
        assertThat(Files.readString(log)).contains("DEBUG Test: line 399 ");
        assertThat(Files.size(temp.resolve("photo-organizer.log.1"))).isLessThan(8 * 1024);
    }

    @Test
    void anUnreadableSizeFallsBackToFiveMegabytes() throws Exception {
        Path log = temp.resolve("photo-organizer.log");
        configure(Map.of("photoorganizer.log", log.toString(), "photoorganizer.log.max", "lots",
                "photoorganizer.log.check", "1 milliseconds"));
        Logger logger = context.getLogger("org.photoorganizer.Test");

        for (int i = 0; i < 100; i++) {
            logger.info("line {} {}", i, "x".repeat(80));
        }

        assertThat(Files.exists(temp.resolve("photo-organizer.log.1"))).as("rotated at the default 5MB").isFalse();
        assertThat(Files.readString(log)).contains("INFO  Test: line 99 ");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(status -> assertThat(status.getMessage()).contains("photoorganizer.log.max=lots"));
    }

    @Test
    void anExplicitLogbackConfigurationFileIsLeftToLogback() {
        assertThat(configure(Map.of("logback.configurationFile", "/somewhere/logback.xml")))
                .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);

        assertThat(rootAppenders()).isEmpty();
    }
}
