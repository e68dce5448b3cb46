/**
 * Synology DSM adapters: syslog ({@code logger -t PhotoOrganizer}), desktop notifications when files fail
 * ({@code synodsmnotify}, rate-limited), the opt-in media index updates ({@code synoindex}), NAS detection
 * and share path conversion.
 *
 * <p>Every DSM command is optional and best effort: commands run with an argument vector (never a
 * shell), a timeout, and a failure is reported once as a Warning through {@link WarnOnce}; nothing in
 * this package throws into the pipeline or stops the service.
 */
package org.photoorganizer.synology;
