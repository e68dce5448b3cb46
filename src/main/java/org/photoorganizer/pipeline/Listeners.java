package org.photoorganizer.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers each event to every listener; one failing listener neither stops the others nor the pipeline. */
public final class Listeners implements PipelineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();

    public Listeners add(PipelineListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void on(PipelineEvent event) {
        for (PipelineListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.error("Listener {} failed on {}: {}", listener, event, e.toString());
            }
        }
    }

    /** Closes the listeners that hold resources (threads, e.g. {@link AsyncListener}), after delivering. */
    @Override
    public void close() {
        for (PipelineListener listener : listeners) {
            if (listener instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.error("Closing listener {} failed: {}", listener, e.toString());
                }
            }
        }
    }
}
