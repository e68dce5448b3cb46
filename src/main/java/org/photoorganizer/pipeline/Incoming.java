package org.photoorganizer.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.media.MediaKind;

/** Everything learned about a file before it is placed, and the state it was in when it was read. */
record Incoming(Path source, String name, MediaKind kind, long size, String md5, Optional<CaptureDate> date,
                Optional<ImageFingerprint> fingerprint, FileSnapshot snapshot) {}
