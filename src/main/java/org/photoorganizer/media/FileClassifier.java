package org.photoorganizer.media;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from a file name alone, whether the service handles a file, ignores it silently, or leaves
 * it alone with a "Skipped" line (SPEC "Which files").
 */
public final class FileClassifier {

    /**
     * The answers. {@link #MEDIA} files are filed; a {@link #SIDECAR} (.xmp, .aae, .json) travels with the
     * photo of the same name; {@link #OTHER} files stay where they are.
     */
    public enum Verdict { MEDIA, SIDECAR, IGNORED, OTHER }

    private static final Set<String> SIDECAR_EXTENSIONS = Set.of("xmp", "aae", "json");
    private static final Set<String> IMAGE_EXTENSIONS = Set.of(
            "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "avif", "jxl",
            "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf");
    private static final Set<String> VIDEO_EXTENSIONS = Set.of(
            "mp4", "m4v", "mov", "avi", "mkv", "mpg", "mpeg", "wmv", "flv", "webm", "3gp", "mts", "m2ts");
    private static final Set<String> IGNORED_NAMES = Set.of(
            "@eadir", "#recycle", "#snapshot", "thumbs.db", "desktop.ini");
    private static final Set<String> PARTIAL_DOWNLOAD_EXTENSIONS = Set.of("part", "crdownload", "tmp");

    public Verdict classify(Path file) {
        String name = file.getFileName().toString();
        if (isIgnoredName(name)) {
            return Verdict.IGNORED;
        }
        if (kindOf(file).isPresent()) {
            return Verdict.MEDIA;
        }
        return SIDECAR_EXTENSIONS.contains(extension(name).toLowerCase(Locale.ROOT)) ? Verdict.SIDECAR : Verdict.OTHER;
    }

    public Optional<MediaKind> kindOf(Path file) {
        String extension = extension(file.getFileName().toString()).toLowerCase(Locale.ROOT);
        if (IMAGE_EXTENSIONS.contains(extension)) {
            return Optional.of(MediaKind.IMAGE);
        }
        if (VIDEO_EXTENSIONS.contains(extension)) {
            return Optional.of(MediaKind.VIDEO);
        }
        return Optional.empty();
    }

    /**
     * True for names the service must never touch, files or folders alike: hidden names (which also
     * covers {@code .SYNO*}, {@code .DS_Store} and our own temporary files), Synology's system folders,
     * Windows litter and files that are still being downloaded.
     */
    public boolean isIgnoredName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.startsWith("~$")) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return IGNORED_NAMES.contains(lower)
                || PARTIAL_DOWNLOAD_EXTENSIONS.contains(extension(lower));
    }

    /** The text after the last dot, or "" when there is none (a leading dot does not start an extension). */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    /** The name without its extension. */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
