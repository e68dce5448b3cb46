/**
 * Photo Organizer: files photos and videos dropped into an inbox into a library by capture date.
 *
 * <p>Packages are by feature: {@code watch} (inbox watching and settling), {@code media} (which files),
 * {@code date} (capture dates), {@code plan} (target paths), {@code dedupe} (exact and similar duplicates),
 * {@code move} (no-replace, crash-safe moves), {@code index} (SQLite library index), {@code pipeline}
 * (the per-file flow and its events), {@code logging} (CSV logs), {@code stats}, {@code synology},
 * {@code config} and {@code app} (command line and wiring).
 */
package org.photoorganizer;
