package org.photoorganizer.plan;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.media.FileClassifier;

/**
 * Where a file belongs (SPEC "Where a file goes"), and the alternative names to try when that name is
 * taken. The planner only computes names; it never looks at the disk.
 */
public final class PathPlanner {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path destinationRoot;
    private final FolderPattern folders;

    public PathPlanner(Path destinationRoot, FolderPattern folders) {
        this.destinationRoot = destinationRoot;
        this.folders = folders;
    }

    public Path duplicatesDir() {
        return destinationRoot.resolve("Duplicates");
    }

    public Path noDateDir() {
        return destinationRoot.resolve("NoDateFound");
    }

    /**
     * The names a file may take in the library, best first: {@code 2024/08_Aug/20240814_134757.jpg},
     * then {@code _A}, {@code _B} … {@code _Z}, {@code _AA} … for different photos of the same second.
     * Without a date: {@code NoDateFound/<original name>}, then the same suffixes.
     */
    public Iterator<Path> libraryCandidates(Optional<CaptureDate> date, String originalName) {
        String extension = FileClassifier.extension(originalName);
        Path folder;
        String base;
        if (date.isPresent()) {
            folder = destinationRoot.resolve(folders.render(date.get().dateTime()));
            base = date.get().dateTime().format(NAME);
        } else {
            folder = noDateDir();
            base = FileClassifier.baseName(originalName);
        }
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Path next() {
                String suffix = n == 0 ? "" : "_" + letters(n);
                n++;
                return folder.resolve(base + suffix + dot(extension));
            }
        };
    }

    /**
     * Names in {@code Duplicates/}: {@code yyyymmdd_hhmmss.ssss.ext} when the sub-seconds are known,
     * then {@code yyyymmdd_hhmmss.0001.ext}, {@code .0002} …; undated files keep their base name.
     */
    public Iterator<Path> duplicateCandidates(Optional<CaptureDate> date, String originalName) {
        String extension = FileClassifier.extension(originalName);
        String base = date.map(d -> d.dateTime().format(NAME)).orElse(FileClassifier.baseName(originalName));
        Optional<Integer> subsecond = date.flatMap(d -> d.subsecond().isPresent()
                ? Optional.of(d.subsecond().getAsInt()) : Optional.empty());
        Path folder = duplicatesDir();
        return new Iterator<>() {
            private boolean subsecondTried = subsecond.isEmpty();
            private int sequence = 1;

            @Override
            public boolean hasNext() {
                return sequence < Integer.MAX_VALUE;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!subsecondTried) {
                    subsecondTried = true;
                    return folder.resolve(base + String.format(".%04d", subsecond.get()) + dot(extension));
                }
                return folder.resolve(base + String.format(".%04d", sequence++) + dot(extension));
            }
        };
    }

    /** 1 → A, 26 → Z, 27 → AA: bijective base 26, so every suffix is distinct. */
    static String letters(long n) {
        StringBuilder out = new StringBuilder();
        while (n > 0) {
            n--;
            out.append((char) ('A' + n % 26));
            n /= 26;
        }
        return out.reverse().toString();
    }

    private static String dot(String extension) {
        return extension.isEmpty() ? "" : "." + extension;
    }
}
