package org.photoorganizer.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.media.FileClassifier;

/**
 * Files that belong to a photo and travel with it under its new name (SPEC "Where a file goes"):
 * sidecars ({@code IMG_1.xmp}, {@code IMG_1.AAE}, {@code IMG_1.HEIC.json}) and the video half of a Live
 * Photo ({@code IMG_1.MOV} beside {@code IMG_1.HEIC} or {@code IMG_1.JPG}).
 *
 * <p>Companions are found by probing a handful of names beside the photo, never by listing its folder,
 * so a folder of ten thousand photos costs ten thousand small look-ups, not a hundred million.
 */
final class Companions {
    private static final List<String> SIDECAR_EXTENSIONS = List.of("xmp", "aae", "json");
    private static final List<String> LIVE_PHOTO_IMAGE_EXTENSIONS = List.of("heic", "heif", "jpg", "jpeg");

    /** A companion file and the suffix it keeps after the photo's new base name. */
    record Companion(Path path, String suffix, boolean livePhotoVideo) {
        Path besides(Path photoTarget) {
            String targetName = photoTarget.getFileName().toString();
            String base = suffix.startsWith("+") ? targetName : FileClassifier.baseName(targetName);
            return photoTarget.resolveSibling(base + suffix.replaceFirst("^\\+", ""));
        }
    }

    private final FileOps files;
    private final FileClassifier classifier;

    Companions(FileOps files, FileClassifier classifier) {
        this.files = files;
        this.classifier = classifier;
    }

    /** The companions present beside {@code photo}. */
    List<Companion> of(Path photo) {
        String name = photo.getFileName().toString();
        String base = FileClassifier.baseName(name);
        List<Companion> found = new ArrayList<>();
        for (String extension : SIDECAR_EXTENSIONS) {
            for (String cased : cases(extension)) {
                // "+" marks a suffix that follows the whole photo name (IMG_1.HEIC.json), not just its base.
                probe(photo.resolveSibling(name + "." + cased), "+." + cased, false, found);
                probe(photo.resolveSibling(base + "." + cased), "." + cased, false, found);
            }
        }
        if (isLivePhotoImage(name)) {
            for (String cased : cases("mov")) {
                probe(photo.resolveSibling(base + "." + cased), "." + cased, true, found);
            }
        }
        return found;
    }

    /** For a sidecar or a Live Photo video: the photo it belongs to, if that photo is beside it. */
    Optional<Path> photoFor(Path companion) throws IOException {
        String name = companion.getFileName().toString();
        String base = FileClassifier.baseName(name);
        if (classifier.classify(companion) == FileClassifier.Verdict.MEDIA) {
            if (!FileClassifier.extension(name).equalsIgnoreCase("mov")) {
                return Optional.empty();
            }
            for (String extension : LIVE_PHOTO_IMAGE_EXTENSIONS) {
                for (String cased : cases(extension)) {
                    Path photo = companion.resolveSibling(base + "." + cased);
                    if (files.exists(photo)) {
                        return Optional.of(photo);
                    }
                }
            }
            return Optional.empty();
        }
        Path wholeName = companion.resolveSibling(base);
        if (classifier.kindOf(wholeName).isPresent() && files.exists(wholeName)) {
            return Optional.of(wholeName);
        }
        for (Path sibling : files.list(companion.getParent())) {
            String siblingName = sibling.getFileName().toString();
            if (FileClassifier.baseName(siblingName).equals(base)
                    && classifier.kindOf(sibling).isPresent()) {
                return Optional.of(sibling);
            }
        }
        return Optional.empty();
    }

    /**
     * A name beside the photo is a companion when there is a file (or a link to one) by that name; a link to
     * nothing travels with nothing, and stays in the inbox to be reported as the link it is.
     */
    private void probe(Path candidate, String suffix, boolean livePhotoVideo, List<Companion> found) {
        if (files.existsThroughLinks(candidate) && found.stream().noneMatch(c -> c.path().equals(candidate))) {
            found.add(new Companion(candidate, suffix, livePhotoVideo));
        }
    }

    private static boolean isLivePhotoImage(String name) {
        return LIVE_PHOTO_IMAGE_EXTENSIONS.contains(FileClassifier.extension(name).toLowerCase(Locale.ROOT));
    }

    private static List<String> cases(String extension) {
        return List.of(extension, extension.toUpperCase(Locale.ROOT));
    }
}
