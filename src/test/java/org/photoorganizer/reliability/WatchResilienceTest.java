package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;

/** The watching service under conditions a NAS inbox really sees. */
class WatchResilienceTest {
    @TempDir
    Path temp;

    @Test
    void aFileStillBeingWrittenForTenSecondsIsNeverMovedEarly() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        byte[] photo = Jpegs.builder().size(200, 150).seed(3).dateTimeOriginal(LocalDateTime.of(2019, 9, 9, 9, 9, 9))
                .bytes();
        Path growing = source.resolve("slow upload.jpg");
        int chunks = 40;
        int chunk = (photo.length + chunks - 1) / chunks;

        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true, Duration.ofSeconds(1))
                .prepare()) {
            service.startWatching();
            try (OutputStream out = Files.newOutputStream(growing)) {
                for (int offset = 0; offset < photo.length; offset += chunk) {
                    out.write(photo, offset, Math.min(chunk, photo.length - offset));
                    out.flush();
                    Thread.sleep(250);
                    assertThat(service.eventsFor(growing)).as("events while still being written").isEmpty();
                    assertThat(growing).exists();
                }
            }
            assertThat(Waits.until(Duration.ofSeconds(15), () -> !service.eventsOf(PipelineEvent.Filed.class)
                    .isEmpty())).isTrue();
            Path filed = service.eventsOf(PipelineEvent.Filed.class).get(0).target();
            assertThat(Files.readAllBytes(filed)).isEqualTo(photo);
            assertThat(filed.getFileName()).hasToString("20190909_090909.jpg");
            assertThat(service.failures()).isEmpty();
        }
    }

    @Test
    void theSourceFolderRemovedAndRecreatedIsWatchedAgain() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true, Duration.ofMillis(500))
                .prepare()) {
            service.startWatching();
            Jpegs.builder().seed(1).dateTimeOriginal(LocalDateTime.of(2018, 1, 1, 1, 1, 1))
                    .writeTo(source.resolve("before.jpg"));
            assertThat(Waits.until(Duration.ofSeconds(10), () -> service.eventsOf(PipelineEvent.Filed.class).size()
                    == 1)).isTrue();

            Files.delete(source);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> logged(service, "was removed"))).isTrue();
            Files.createDirectories(source);
            Path after = Jpegs.builder().seed(2).dateTimeOriginal(LocalDateTime.of(2018, 2, 2, 2, 2, 2))
                    .writeTo(source.resolve("sub/after.jpg"));

            assertThat(Waits.until(Duration.ofSeconds(20), () -> service.eventsFor(after).stream()
                    .anyMatch(event -> event instanceof PipelineEvent.Filed))).isTrue();
            assertThat(logged(service, "is back")).isTrue();
            assertThat(service.failures()).isEmpty();
        }
    }

    @Test
    void theSamePhotoArrivingUnderManyNamesAtOnceEndsUpOnce() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        byte[] photo = Jpegs.builder().seed(8).dateTimeOriginal(LocalDateTime.of(2017, 7, 7, 7, 7, 7)).bytes();
        Path staging = Files.createDirectories(temp.resolve("staging"));
        for (int i = 0; i < 8; i++) {
            Files.write(staging.resolve("copy " + i + ".jpg"), photo);
        }
        ContentInvariant invariant = ContentInvariant.before(staging, dest);
        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), false, Duration.ofMillis(500))
                .prepare()) {
            service.startWatching();
            Thread[] writers = new Thread[8];
            for (int i = 0; i < writers.length; i++) {
                Path from = staging.resolve("copy " + i + ".jpg");
                writers[i] = new Thread(() -> {
                    try {
                        Files.move(from, source.resolve(from.getFileName()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            Arrays.stream(writers).forEach(Thread::start);
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(Waits.until(Duration.ofSeconds(15), () -> ContentInvariant.regularFiles(source).isEmpty()))
                    .isTrue();
            assertThat(invariant.violations(source, dest, service.reported())).isEmpty();
            // delete=false: one in the library, one in Duplicates, the other six deleted as identical to those.
            assertThat(service.eventsOf(PipelineEvent.Filed.class)).hasSize(1);
            assertThat(service.eventsOf(PipelineEvent.MovedToDuplicates.class)).hasSize(1);
            assertThat(service.eventsOf(PipelineEvent.DuplicateDeleted.class)).hasSize(6);
        }
    }

    @Test
    void anInboxRenamedAwayAndRecreatedIsNoticedAtOnceAndTheNewFolderIsWatched() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true, Duration.ofMillis(500))
                .prepare()) {
            service.startWatching();
            Path away = temp.resolve("inbox renamed away");
            Files.move(source, away);
            Files.createDirectories(source);

            assertThat(Waits.until(Duration.ofSeconds(5), () -> logged(service, "watching the new one")
                    || logged(service, "is back"))).as("noticed within seconds: %s", service.systemEvents).isTrue();
            Path inOld = Jpegs.builder().seed(3).dateTimeOriginal(LocalDateTime.of(2018, 3, 3, 3, 3, 3))
                    .writeTo(away.resolve("dropped into the old one.jpg"));
            Path inNew = Jpegs.builder().seed(4).dateTimeOriginal(LocalDateTime.of(2018, 4, 4, 4, 4, 4))
                    .writeTo(source.resolve("sub/dropped into the new one.jpg"));

            assertThat(Waits.until(Duration.ofSeconds(15), () -> service.eventsFor(inNew).stream()
                    .anyMatch(event -> event instanceof PipelineEvent.Filed))).isTrue();
            Thread.sleep(1500);
            assertThat(inOld).exists();
            assertThat(service.events).noneMatch(event -> event.source().getFileName().toString()
                    .startsWith("dropped into the old"));
            assertThat(service.failures()).isEmpty();
        }
    }

    @Test
    void anInboxWhoseShareIsRemountedIsWatchedOnTheNewMount() throws Exception {
        Path dest = Files.createDirectories(temp.resolve("library"));
        Path replacement = Files.createDirectories(temp.resolve("the share after the remount"));
        Path waiting = Jpegs.builder().seed(5).dateTimeOriginal(LocalDateTime.of(2018, 5, 5, 5, 5, 5))
                .writeTo(replacement.resolve("inbox/waiting on the new mount.jpg"));
        try (SmallFileSystem share = SmallFileSystem.mount(temp.resolve("share"), "4m")) {
            Path source = Files.createDirectories(share.root.resolve("inbox"));
            try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true,
                    Duration.ofMillis(500)).prepare()) {
                service.startWatching();
                share.remountFrom(replacement);

                assertThat(Waits.until(Duration.ofSeconds(10), () -> logged(service, "is back")
                        || logged(service, "watching the new one"))).as("noticed within seconds: %s",
                        service.systemEvents).isTrue();
                Path arrived = Jpegs.builder().seed(6).dateTimeOriginal(LocalDateTime.of(2018, 6, 6, 6, 6, 6))
                        .writeTo(source.resolve("arrived after.jpg"));
                assertThat(Waits.until(Duration.ofSeconds(15), () -> service.eventsOf(PipelineEvent.Filed.class)
                        .size() == 2)).as("filed: %s", service.events).isTrue();
                assertThat(service.eventsFor(arrived)).anyMatch(PipelineEvent.Filed.class::isInstance);
                assertThat(service.eventsFor(source.resolve(waiting.getFileName())))
                        .anyMatch(PipelineEvent.Filed.class::isInstance);
            }
        }
    }

    private static boolean logged(ServiceHarness service, String text) {
        return service.systemEvents.stream().anyMatch(event -> event.message().contains(text));
    }
}
