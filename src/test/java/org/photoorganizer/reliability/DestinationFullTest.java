package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.app.PhotoOrganizerService;
import org.photoorganizer.app.ServiceAssembly;
import org.photoorganizer.config.Config;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.pipeline.PipelineEvent;
import org.slf4j.LoggerFactory;

/**
 * The library's disk runs full (or turns read-only) while photos arrive, with the CSV logs on that disk:
 * every photo left in the inbox is accounted for (an Error event each, and its row in the service log while
 * the CSV log cannot be written), the log problem is reported, and once there is room again everything is
 * filed without a restart, the kept rows written to the CSV log.
 */
class DestinationFullTest {
    private static final int PHOTOS = 16;

    @TempDir
    Path temp;

    @Test
    void aFullDestinationAccountsForEveryFileAndFilesThemOnceThereIsRoomAgain() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        try (SmallFileSystem library = SmallFileSystem.mount(temp.resolve("library"), "3m")) {
            Path filler = library.fillLeaving(200_000);
            run(inbox, library.root, () -> Files.delete(filler), "disk full");
        }
    }

    @Test
    void aReadOnlyDestinationAccountsForEveryFileAndFilesThemOnceItIsWritableAgain() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        try (SmallFileSystem library = SmallFileSystem.mount(temp.resolve("library"), "8m")) {
            // The service starts on a writable library (its index, its logs), which then turns read-only.
            run(inbox, library.root, () -> library.readOnly(false), "read-only", () -> library.readOnly(true));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void run(Path inbox, Path dest, Step makeRoom, String failure, Step... beforeTheFiles) throws Exception {
        Config config = new Config(inbox, dest, true, 6, Duration.ofMillis(500), Duration.ofHours(1),
                "{yyyy}/{MM}_{Mmm}", dest, null);
        ServiceAssembly assembly = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), new NioFileOps());
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        List<SystemEvent> systemEvents = new CopyOnWriteArrayList<>();
        assembly.parts().listeners().add(events::add);
        assembly.systemEvents().add(systemEvents::add);
        ListAppender<ILoggingEvent> serviceLog = new ListAppender<>();
        serviceLog.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(serviceLog);
        List<Path> photos = new ArrayList<>();
        try (PhotoOrganizerService service = assembly.service()) {
            service.prepare();
            service.startWatching();
            for (Step step : beforeTheFiles) {
                step.run();
            }
            Path staging = Files.createDirectories(temp.resolve("staging"));
            for (int i = 0; i < PHOTOS; i++) {
                Path photo = Jpegs.builder().size(400, 300).seed(100 + i).quality(0.98f)
                        .dateTimeOriginal(LocalDateTime.of(2021, 1 + i % 12, 1 + i, 12, 0, i))
                        .writeTo(staging.resolve("IMG_" + i + ".jpg"));
                photos.add(Files.move(photo, inbox.resolve(photo.getFileName())));
            }

            assertThat(Waits.until(Duration.ofSeconds(30), () -> photos.stream().allMatch(photo ->
                    !Files.exists(photo) || events.stream().anyMatch(e -> e.source().equals(photo)
                            && e instanceof PipelineEvent.Failed)))).as("an outcome for every photo").isTrue();
            List<Path> left = photos.stream().filter(Files::exists).toList();
            assertThat(left).as("photos the destination could not take").isNotEmpty();
            for (Path photo : left) {
                assertThat(events).as(photo.toString()).filteredOn(e -> e.source().equals(photo))
                        .filteredOn(PipelineEvent.Failed.class::isInstance).singleElement()
                        .satisfies(e -> assertThat(((PipelineEvent.Failed) e).message()).contains(failure));
                assertThat(inCsvOrServiceLog(dest, serviceLog, photo)).as("the row of " + photo).isTrue();
            }
            assertThat(systemEvents).anySatisfy(e -> assertThat(e.message()).startsWith("Cannot write ")
                    .contains("photo_organizer_log.csv"));

            makeRoom.run();

            assertThat(Waits.until(Duration.ofSeconds(60), () -> photos.stream().noneMatch(Files::exists)))
                    .as("filed without a restart once there was room; left: %s", photos.stream()
                            .filter(Files::exists).toList()).isTrue();
            // A row follows its move: the last photo can leave the inbox a moment before its row is written.
            assertThat(Waits.until(Duration.ofSeconds(10), () -> {
                String rows = readOrEmpty(dest.resolve("photo_organizer_log.csv"));
                return rows.lines().filter(line -> line.contains(",Error,")).count() >= left.size()
                        && rows.lines().filter(line -> line.contains(",File moved,")).count() >= PHOTOS;
            })).isTrue();
            String csv = Files.readString(dest.resolve("photo_organizer_log.csv"));
            for (Path photo : left) {
                assertThat(csv.lines().filter(line -> line.contains(",Error,") && line.contains(photo.toString())))
                        .as("the kept Error row of " + photo).hasSize(1);
            }
            assertThat(csv.lines().filter(line -> line.contains(",File moved,"))).hasSize(PHOTOS);
            assertThat(systemEvents).anySatisfy(e -> assertThat(e.message()).contains("can be written again"));
        } finally {
            root.detachAppender(serviceLog);
        }
    }

    private static boolean inCsvOrServiceLog(Path dest, ListAppender<ILoggingEvent> serviceLog, Path photo) {
        if (readOrEmpty(dest.resolve("photo_organizer_log.csv")).lines()
                .anyMatch(line -> line.contains(",Error,") && line.contains(photo.toString()))) {
            return true;
        }
        Set<String> messages = serviceLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toSet());
        return messages.stream().anyMatch(m -> m.contains("Error") && m.contains(photo.toString()));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
