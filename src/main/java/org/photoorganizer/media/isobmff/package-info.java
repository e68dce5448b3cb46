/**
 * ISO base media files (MP4, MOV, HEIF/HEIC/AVIF, JPEG XL, CR3) read box by box: {@link
 * org.photoorganizer.media.isobmff.BoxReader} walks boxes through a channel within bounds a hostile file cannot
 * stretch, {@link org.photoorganizer.media.isobmff.HeifMeta} says what the items of a HEIF file are and where
 * their bytes lie. One reader for the capture dates, the fingerprints and the completeness check; depends on
 * nothing else of the project.
 */
package org.photoorganizer.media.isobmff;
