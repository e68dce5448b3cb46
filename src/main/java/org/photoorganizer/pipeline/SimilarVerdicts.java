package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.CaptureDateExtractor;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.ImageOrigin;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.SimilarityLookup;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.index.LibraryIndex.Area;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the library photo an incoming image is another version of, on evidence (SPEC "Duplicates", visually
 * similar). A hash within the threshold only makes a library file a candidate; it becomes a verdict when
 * <ol>
 *   <li>their capture times, where both come from the camera (EXIF DateTimeOriginal or DateTimeDigitized),
 *       differ by at most {@link #CAPTURE_TOLERANCE}: two shots seconds apart are two photos;</li>
 *   <li>the decoded pictures of both files, not their EXIF thumbnails, hash within the threshold (editors
 *       keep the original's thumbnail in an edit, and some leave it in a completely different picture);</li>
 *   <li>both pictures are large and structured enough to hash (no side of 48 px or less, not flat);</li>
 *   <li>when either file's picture is an embedded JPEG preview (raw, HEIC: their own pictures are not decoded),
 *       both capture times come from the camera and agree, since such a preview cannot be checked against the
 *       picture itself.</li>
 * </ol>
 * A thumbnail found to disagree with its own picture is not trusted again: the file's fingerprint becomes the
 * picture's (in the index for a library file, in the incoming value otherwise, and the search starts over).
 */
final class SimilarVerdicts {

    /** Two camera capture times further apart than this are two photos, never two versions of one. */
    static final Duration CAPTURE_TOLERANCE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SimilarVerdicts.class);

    /**
     * A confirmed verdict: the library file, the distance between the decoded pictures, what each file's picture
     * and metadata showed (the library file's read now: verdicts are rare) and the library file's capture date.
     */
    record Verdict(LibraryIndex.Entry libraryFile, int distance, ImageReading incomingPicture,
                   ImageReading libraryPicture, Optional<CaptureDate> libraryDate) {}

    /** The incoming file (with its fingerprint corrected when its thumbnail was stale), and the verdict if any. */
    record Result(Incoming incoming, Optional<Verdict> verdict) {}

    private final FileOps files;
    private final CaptureDateExtractor dates;
    private final ImageFingerprinter fingerprinter;
    private final LibraryIndex index;
    private final SimilarityLookup similar;
    private final int threshold;

    SimilarVerdicts(FileOps files, CaptureDateExtractor dates, ImageFingerprinter fingerprinter, LibraryIndex index,
                    SimilarityLookup similar, int threshold) {
        this.files = files;
        this.dates = dates;
        this.fingerprinter = fingerprinter;
        this.index = index;
        this.similar = similar;
        this.threshold = threshold;
    }

    Result find(Incoming incoming) throws IOException {
        if (incoming.fingerprint().isEmpty()) {
            return new Result(incoming, Optional.empty());
        }
        Incoming current = incoming;
        ImageReading incomingPicture = null;
        Map<Long, ImageReading> libraryPictures = new HashMap<>();
        boolean searchAgain = true;
        while (searchAgain) {
            searchAgain = false;
            long hash = current.fingerprint().orElseThrow().phash();
            for (SimilarityLookup.Match match : similar.within(hash, threshold)) {
                Optional<LibraryIndex.Entry> candidate = liveCandidate(match, current.fingerprint().orElseThrow());
                if (candidate.isEmpty()) {
                    continue;
                }
                LibraryIndex.Entry entry = candidate.get();
                Optional<Optional<CaptureDate>> readDate = libraryDate(entry);
                if (readDate.isEmpty()) {
                    continue;
                }
                Optional<CaptureDate> libraryDate = readDate.get();
                if (cameraTimesApart(current.date(), libraryDate)) {
                    continue;
                }
                if (incomingPicture == null) {
                    long started = System.nanoTime();
                    incomingPicture = pictureOf(current);
                    LOG.debug("Decoded the picture of {} in {} ms", current.source(), millisSince(started));
                    if (incomingPicture.fingerprint().isEmpty()) {
                        // Its thumbnail hashed, its picture does not (damaged, flat): no verdict can be confirmed.
                        return new Result(current.withPicture(incomingPicture), Optional.empty());
                    }
                    if (distance(incomingPicture, hash) > threshold) {
                        current = current.withPicture(incomingPicture);
                        searchAgain = true;
                        break;
                    }
                }
                ImageReading libraryPicture = libraryPictures.get(entry.id());
                if (libraryPicture == null) {
                    libraryPicture = libraryPicture(entry);
                    libraryPictures.put(entry.id(), libraryPicture);
                    correctStaleFingerprint(entry, libraryPicture);
                }
                if (libraryPicture.fingerprint().isEmpty()) {
                    continue;
                }
                int distance = ImageFingerprint.distance(incomingPicture.fingerprint().get(),
                        libraryPicture.fingerprint().get());
                if (distance > threshold) {
                    continue;
                }
                boolean previewOnly = incomingPicture.source() == ImageReading.Source.PREVIEW
                        || libraryPicture.source() == ImageReading.Source.PREVIEW;
                if (previewOnly && !cameraTimesAgree(current.date(), libraryDate)) {
                    continue;
                }
                return new Result(current, Optional.of(new Verdict(entry, distance, incomingPicture, libraryPicture,
                        libraryDate)));
            }
        }
        return new Result(current, Optional.empty());
    }

    /** The incoming file's own picture: its fingerprint already is one unless it came from the thumbnail. */
    private ImageReading pictureOf(Incoming incoming) throws IOException {
        if (incoming.picture().source() != ImageReading.Source.THUMBNAIL) {
            return incoming.picture();
        }
        return fingerprinter.readPicture(incoming.source(), incoming.kind());
    }

    /**
     * The library file's own picture. A library file that cannot be read now gives no evidence, so no verdict;
     * the incoming file is filed on its own rather than held back by another file's disk error.
     */
    private ImageReading libraryPicture(LibraryIndex.Entry entry) {
        long started = System.nanoTime();
        try {
            ImageReading picture = fingerprinter.readPicture(entry.path(), MediaKind.IMAGE);
            LOG.debug("Decoded the picture of {} in {} ms", entry.path(), millisSince(started));
            return picture;
        } catch (IOException e) {
            LOG.warn("Could not read {} to compare it with a similar photo: {}", entry.path(), e.toString());
            return ImageReading.exactOnly(ImageReading.Comparison.NOT_CHECKED, "", ImageOrigin.UNKNOWN);
        }
    }

    /**
     * The library file's capture date; empty when the file cannot be read now: it gives no evidence, and the
     * incoming file is not held back by another file's disk error.
     */
    private Optional<Optional<CaptureDate>> libraryDate(LibraryIndex.Entry entry) {
        try {
            return Optional.of(dates.extract(entry.path(), MediaKind.IMAGE));
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("Could not read {} to compare it with a similar photo: {}", entry.path(), e.getCause().toString());
            return Optional.empty();
        }
    }

    private Optional<LibraryIndex.Entry> liveCandidate(SimilarityLookup.Match match, ImageFingerprint incoming)
            throws IOException {
        Optional<LibraryIndex.Entry> entry = index.findByIdAsIs(match.id());
        if (entry.isEmpty() || entry.get().area() != Area.LIBRARY) {
            similar.remove(match.id());
            return Optional.empty();
        }
        Optional<ImageFingerprint> other = entry.get().fingerprint();
        if (other.isEmpty() || other.get().algorithmVersion() != incoming.algorithmVersion()) {
            return Optional.empty();
        }
        if (!files.exists(entry.get().path())) {
            index.remove(entry.get().path());
            similar.remove(match.id());
            return Optional.empty();
        }
        return entry;
    }

    /** A library file whose stored hash (from its thumbnail) disagrees with its picture is judged by the picture. */
    private void correctStaleFingerprint(LibraryIndex.Entry entry, ImageReading picture) throws IOException {
        if (picture.fingerprint().isEmpty() || entry.fingerprint().isEmpty()
                || ImageFingerprint.distance(picture.fingerprint().get(), entry.fingerprint().get()) <= threshold) {
            return;
        }
        Path path = entry.path();
        LOG.info("The EXIF thumbnail of {} does not show its picture; it is judged by its picture from now on", path);
        LibraryIndex.Entry updated = index.put(path, entry.size(), entry.modifiedMillis(), entry.md5(),
                picture.fingerprint(), entry.area());
        similar.add(updated.id(), picture.fingerprint().get().phash());
    }

    /** Both times come from the camera and lie more than {@link #CAPTURE_TOLERANCE} apart. */
    static boolean cameraTimesApart(Optional<CaptureDate> a, Optional<CaptureDate> b) {
        return fromCamera(a) && fromCamera(b) && apart(a.get(), b.get()).compareTo(CAPTURE_TOLERANCE) > 0;
    }

    /** Both times come from the camera and lie within {@link #CAPTURE_TOLERANCE}. */
    static boolean cameraTimesAgree(Optional<CaptureDate> a, Optional<CaptureDate> b) {
        return fromCamera(a) && fromCamera(b) && apart(a.get(), b.get()).compareTo(CAPTURE_TOLERANCE) <= 0;
    }

    /**
     * EXIF DateTimeOriginal and DateTimeDigitized are written by the camera and copied unchanged by converters.
     * IFD0 DateTime is rewritten by editors on every save, XMP dates may be date-only or set in a catalogue, and
     * names and file times say nothing of the shutter.
     */
    static boolean fromCamera(Optional<CaptureDate> date) {
        return date.isPresent() && (date.get().source() == CaptureDate.Source.EXIF_ORIGINAL
                || date.get().source() == CaptureDate.Source.EXIF_DIGITIZED);
    }

    /** Wall-clock times as the cameras wrote them, with their sub-seconds where known. */
    private static Duration apart(CaptureDate a, CaptureDate b) {
        return Duration.between(instantOf(a), instantOf(b)).abs();
    }

    private static LocalDateTime instantOf(CaptureDate date) {
        return date.dateTime().plusNanos(date.subsecond().orElse(0) * 100_000L);
    }

    private static int distance(ImageReading picture, long hash) {
        return Long.bitCount(picture.fingerprint().orElseThrow().phash() ^ hash);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
