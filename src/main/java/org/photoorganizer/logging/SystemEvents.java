package org.photoorganizer.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans one system event out to every sink (system_log.csv, DSM Log Center, the console). */
public final class SystemEvents implements SystemEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(SystemEvents.class);
    private final List<SystemEventListener> sinks = new CopyOnWriteArrayList<>();

    public SystemEvents add(SystemEventListener sink) {
        sinks.add(sink);
        return this;
    }

    @Override
    public void on(SystemEvent event) {
        switch (event.level()) {
            case ERROR -> LOG.error(event.message());
            case WARNING -> LOG.warn(event.message());
            default -> LOG.info(event.message());
        }
        for (SystemEventListener sink : sinks) {
            try {
                sink.on(event);
            } catch (RuntimeException e) {
                LOG.error("System event sink {} failed: {}", sink, e.toString());
            }
        }
    }
}
