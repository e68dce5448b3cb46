package org.photoorganizer.config;

/** The configuration cannot be used; the service must not start (exit code 2). */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
