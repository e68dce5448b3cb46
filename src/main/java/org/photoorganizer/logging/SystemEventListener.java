package org.photoorganizer.logging;

/** Receives service-level events; system_log.csv and the DSM Log Center adapters both implement it. */
@FunctionalInterface
public interface SystemEventListener {
    void on(SystemEvent event);
}
