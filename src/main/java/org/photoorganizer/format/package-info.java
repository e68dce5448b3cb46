/**
 * Format knowledge: what a complete JPEG, PNG, GIF, WebP/AVI, MP4/MOV/HEIC/CR3 or TIFF-based raw looks
 * like, so a file is filed only when its own structure says it is all there (SPEC "Which files").
 *
 * <p>Each rule reads only what it needs (a file's tail, its box headers, its IFDs) through
 * {@link org.photoorganizer.fs.FileOps}, never the whole file. A file no rule recognises gets
 * {@link org.photoorganizer.format.Completeness.Verdict#NO_RULE}: the caller relies on the quiet time alone.
 * Depends only on {@code fs} and {@code media.isobmff} (ISO base media boxes, HEIF items).
 */
package org.photoorganizer.format;
