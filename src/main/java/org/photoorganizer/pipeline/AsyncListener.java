package org.photoorganizer.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slow listener (one that starts external commands, like the Synology indexer) on a thread of
 * its own, in event order, so the pipeline does not wait for it. When its queue is full the pipeline
 * delivers the event itself, which slows the pipeline down rather than dropping an event. Closing
 * delivers what is queued, within a bound, and no more afterwards.
 */
public final class AsyncListener implements PipelineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncListener.class);
    private static final int QUEUE = 10_000;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final PipelineListener delegate;
    private final ThreadPoolExecutor executor;

    public AsyncListener(PipelineListener delegate, String name) {
        this.delegate = delegate;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public void on(PipelineEvent event) {
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            LOG.debug("{} after close: not delivered", event);
        }
    }

    private void deliver(PipelineEvent event) {
        try {
            delegate.on(event);
        } catch (RuntimeException e) {
            LOG.error("Listener {} failed on {}: {}", delegate, event, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} events for {} were not delivered before the stop", executor.getQueue().size(), delegate);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
