package org.photoorganizer.review;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.plan.FolderPattern;

/**
 * Turns the file references the page sends ({@code duplicates/20240814_134757.0001.jpg},
 * {@code inbox/holiday/IMG_1.jpg}) into paths, and refuses every one that would leave the area an action
 * may touch: absolute paths, {@code ..}, empty or hidden segments ({@code .photo-organizer}, temporary
 * names, {@code @eaDir}, {@code #recycle}), library folders the service does not manage, and any symbolic
 * link on the way (links are never followed, so nothing outside the inbox, the library or Duplicates can
 * be reached through one).
 */
final class PathGuard {

    /** Where a file may be. {@link #LIBRARY} is only the folders the folder pattern makes. */
    enum Area {
        INBOX("inbox"), LIBRARY("library"), DUPLICATES("duplicates"), NO_DATE("nodate");

        final String prefix;

        Area(String prefix) {
            this.prefix = prefix;
        }
    }

    static final int MAX_REFERENCE_LENGTH = 4096;

    private final FileOps files;
    private final Path inbox;
    private final Path library;
    private final Path duplicates;
    private final Path noDate;
    private final FolderPattern folders;

    PathGuard(FileOps files, Path inbox, Path library, FolderPattern folders) {
        this.files = files;
        this.inbox = inbox.toAbsolutePath().normalize();
        this.library = library.toAbsolutePath().normalize();
        this.duplicates = this.library.resolve("Duplicates");
        this.noDate = this.library.resolve("NoDateFound");
        this.folders = folders;
    }

    Path root(Area area) {
        return switch (area) {
            case INBOX -> inbox;
            case LIBRARY -> library;
            case DUPLICATES -> duplicates;
            case NO_DATE -> noDate;
        };
    }

    /** The existing regular file {@code reference} names, in one of {@code allowed}. */
    Path file(String reference, Set<Area> allowed) throws Refusal {
        Located located = locate(reference, allowed);
        BasicFileAttributes attributes = walk(located);
        if (!attributes.isRegularFile()) {
            throw new Refusal(400, "not a file: " + reference);
        }
        return located.path();
    }

    /** An existing folder (for listings), or the area's root with an empty relative part. */
    Path folder(Area area) throws Refusal {
        Path root = root(area);
        try {
            BasicFileAttributes attributes = files.attributes(root);
            if (attributes.isSymbolicLink() && area != Area.INBOX && area != Area.LIBRARY) {
                throw new Refusal(403, "the " + area.prefix + " folder is a symbolic link: not followed");
            }
        } catch (NoSuchFileException e) {
            throw new Refusal(404, "there is no " + area.prefix + " folder yet");
        } catch (IOException e) {
            throw new Refusal(500, "cannot read the " + area.prefix + " folder: " + e.getMessage());
        }
        return root;
    }

    /** The reference of a path inside one of the areas, or empty when it lies outside all of them. */
    Optional<String> reference(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        for (Area area : new Area[] {Area.DUPLICATES, Area.NO_DATE, Area.INBOX, Area.LIBRARY}) {
            Path root = root(area);
            if (normal.startsWith(root) && !normal.equals(root)) {
                Path relative = root.relativize(normal);
                if (area == Area.LIBRARY && !folders.matchesTopLevelFolder(relative.getName(0).toString())) {
                    continue;
                }
                StringBuilder out = new StringBuilder(area.prefix);
                for (Path segment : relative) {
                    out.append('/').append(segment);
                }
                return Optional.of(out.toString());
            }
        }
        return Optional.empty();
    }

    private record Located(Area area, Path path, int depth) {}

    private Located locate(String reference, Set<Area> allowed) throws Refusal {
        if (reference == null || reference.isEmpty()) {
            throw new Refusal(400, "no file given");
        }
        if (reference.length() > MAX_REFERENCE_LENGTH) {
            throw new Refusal(400, "file reference too long");
        }
        for (int i = 0; i < reference.length(); i++) {
            if (reference.charAt(i) < 0x20 || reference.charAt(i) == 0x7f) {
                throw new Refusal(400, "control character in a file reference");
            }
        }
        int slash = reference.indexOf('/');
        if (slash <= 0) {
            throw new Refusal(400, "not a file reference: " + reference);
        }
        String prefix = reference.substring(0, slash).toLowerCase(Locale.ROOT);
        Area area = null;
        for (Area candidate : Area.values()) {
            if (candidate.prefix.equals(prefix)) {
                area = candidate;
            }
        }
        if (area == null) {
            throw new Refusal(400, "unknown area '" + prefix + "'");
        }
        if (!allowed.contains(area)) {
            throw new Refusal(403, "this action may not touch files in " + area.prefix);
        }
        String[] segments = reference.substring(slash + 1).split("/", -1);
        Path root = root(area);
        Path path = root;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new Refusal(403, "'" + segment + "' is not allowed in a file reference");
            }
            char first = segment.charAt(0);
            if (first == '.' || first == '@' || first == '#' || first == '~') {
                throw new Refusal(403, "hidden and system names are not reachable: " + segment);
            }
            path = path.resolve(segment);
        }
        path = path.normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new Refusal(403, "outside the " + area.prefix + " folder");
        }
        if (area == Area.LIBRARY && !folders.matchesTopLevelFolder(root.relativize(path).getName(0).toString())) {
            throw new Refusal(403, "not a folder the service manages: " + root.relativize(path).getName(0));
        }
        if (area == Area.INBOX && (path.startsWith(duplicates) || path.startsWith(noDate))) {
            throw new Refusal(403, "outside the inbox");
        }
        return new Located(area, path, segments.length);
    }

    /** Looks at every component below the area's root without following links; returns the file's attributes. */
    private BasicFileAttributes walk(Located located) throws Refusal {
        Path root = root(located.area());
        Path current = root;
        BasicFileAttributes attributes = null;
        try {
            if (located.area() == Area.DUPLICATES || located.area() == Area.NO_DATE) {
                if (files.attributes(root).isSymbolicLink()) {
                    throw new Refusal(403, "the " + located.area().prefix + " folder is a symbolic link: not followed");
                }
            }
            for (Path segment : root.relativize(located.path())) {
                current = current.resolve(segment);
                attributes = files.attributes(current);
                if (attributes.isSymbolicLink()) {
                    throw new Refusal(403, "symbolic links are not followed: " + root.relativize(current));
                }
            }
        } catch (NoSuchFileException e) {
            throw new Refusal(404, "no such file (moved or deleted meanwhile?): " + root.relativize(current));
        } catch (IOException e) {
            throw new Refusal(500, "cannot read " + root.relativize(current) + ": " + e.getMessage());
        }
        return attributes;
    }
}
