package org.photoorganizer.logging;

import java.util.Objects;

/** A service-level event (start, stop, configuration, statistics, errors) for system_log.csv and DSM. */
public record SystemEvent(Level level, String message) {

    /** The levels of system_log.csv, spelled as the original wrote them. */
    public enum Level {
        INFO("Info"),
        WARNING("Warning"),
        ERROR("Error");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SystemEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    public static SystemEvent info(String message) {
        return new SystemEvent(Level.INFO, message);
    }

    public static SystemEvent warning(String message) {
        return new SystemEvent(Level.WARNING, message);
    }

    public static SystemEvent error(String message) {
        return new SystemEvent(Level.ERROR, message);
    }
}
