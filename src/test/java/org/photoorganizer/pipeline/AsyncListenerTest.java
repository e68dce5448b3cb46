package org.photoorganizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncListenerTest {

    @Test
    void theCallerDoesNotWaitForASlowListenerAndCloseDeliversEverythingInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<PipelineEvent> delivered = new CopyOnWriteArrayList<>();
        AsyncListener async = new AsyncListener(event -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event);
        }, "test-listener");
        List<PipelineEvent> events = List.of(new PipelineEvent.Detected(Path.of("/in/a.jpg"), 1),
                new PipelineEvent.Filed(Path.of("/in/a.jpg"), Path.of("/lib/a.jpg"), 1),
                new PipelineEvent.Skipped(Path.of("/in/b.txt"), "not a photo"));

        events.forEach(async::on);

        assertThat(delivered).as("the slow listener is still busy, the caller went on").isEmpty();
        release.countDown();
        async.close();
        assertThat(delivered).containsExactlyElementsOf(events);
        async.on(new PipelineEvent.Detected(Path.of("/in/late.jpg"), 1));
        assertThat(delivered).hasSize(3);
    }

    @Test
    void listenersClosesWhatItHolds() {
        List<String> closed = new CopyOnWriteArrayList<>();
        class Closing implements PipelineListener, AutoCloseable {
            @Override
            public void on(PipelineEvent event) {}

            @Override
            public void close() {
                closed.add("closed");
            }
        }
        Listeners listeners = new Listeners().add(new Closing()).add(event -> { });

        listeners.close();

        assertThat(closed).containsExactly("closed");
    }
}
