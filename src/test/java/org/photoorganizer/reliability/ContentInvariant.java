package org.photoorganizer.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.photoorganizer.media.FileClassifier;

/**
 * "Nothing is ever lost", as a check over the file system before and after a run.
 *
 * <p>Content is identified by SHA-256. After a run every input content must be found in the library
 * (year folders, {@code NoDateFound/}) or {@code Duplicates/} or still in the source; nothing may exist
 * more often than it was given (no file both moved and kept, no stray copies); the library never holds
 * the same bytes twice unless it already did; no file in the destination holds bytes that were never
 * given (a half-written or corrupted copy) and no temporary copy is left behind; and every media file
 * still in the source has an Error or Skipped line naming it. A deleted input is fine only because one
 * of these places still holds its bytes.
 */
record ContentInvariant(Map<String, Integer> inputs, Map<String, Integer> priorLibrary,
                        Map<String, Integer> priorAll) {

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final String STATE_DIR = ".photo-organizer";

    /** Records what is in the source (and the destination, for a pre-filled library) before a run. */
    static ContentInvariant before(Path source, Path dest) {
        Map<String, Integer> inputs = new HashMap<>();
        for (Path file : regularFiles(source)) {
            if (isInstanceLock(file)) {
                continue;
            }
            inputs.merge(digest(file), 1, Integer::sum);
        }
        Map<String, Integer> library = new HashMap<>();
        Map<String, Integer> all = new HashMap<>();
        for (Path file : destinationFiles(dest)) {
            String digest = digest(file);
            all.merge(digest, 1, Integer::sum);
            if (!isUnder(dest, file, "Duplicates")) {
                library.merge(digest, 1, Integer::sum);
            }
        }
        return new ContentInvariant(Map.copyOf(inputs), Map.copyOf(library), Map.copyOf(all));
    }

    /** The same expectation after the user (not the service) removed or added one input's bytes. */
    ContentInvariant withInput(String digest, int delta) {
        Map<String, Integer> changed = new HashMap<>(inputs);
        changed.merge(digest, delta, Integer::sum);
        changed.values().removeIf(count -> count <= 0);
        return new ContentInvariant(Map.copyOf(changed), priorLibrary, priorAll);
    }

    /**
     * Every violation found; empty when the invariant holds.
     *
     * @param reported source files that have an Error or Skipped line (see {@link #reportedInLog})
     */
    List<String> violations(Path source, Path dest, Set<Path> reported) {
        return check(source, dest, reported);
    }

    /**
     * The part of the invariant that must hold at every instant, even right after a kill -9: no content
     * is lost and no file holds bytes that were never given. A move caught half-way may leave a file
     * in two places, and a temporary copy may lie around; the restart must clear both.
     */
    List<String> violationsAtAnyInstant(Path source, Path dest) {
        return check(source, dest, Set.of()).stream()
                .filter(problem -> problem.startsWith("LOST") || problem.startsWith("content that was never given"))
                .toList();
    }

    private List<String> check(Path source, Path dest, Set<Path> reported) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Path>> placed = new TreeMap<>();
        Map<String, Integer> inLibrary = new HashMap<>();
        for (Path file : destinationFiles(dest)) {
            Path relative = dest.relativize(file);
            String name = file.getFileName().toString();
            if (name.startsWith(".photo-organizer-") && name.endsWith(".tmp")) {
                problems.add("temporary copy left behind: " + relative);
                continue;
            }
            String top = relative.getName(0).toString();
            if (relative.getNameCount() < 2 || !(top.equals("Duplicates") || top.equals("NoDateFound")
                    || YEAR.matcher(top).matches())) {
                problems.add("file outside the managed folders: " + relative);
            }
            String digest = digest(file);
            if (!inputs.containsKey(digest) && !priorAll.containsKey(digest)) {
                problems.add("content that was never given (half-written or corrupted?): " + relative);
            }
            placed.computeIfAbsent(digest, d -> new ArrayList<>()).add(relative);
            if (!top.equals("Duplicates")) {
                inLibrary.merge(digest, 1, Integer::sum);
            }
        }
        Map<String, List<Path>> left = new HashMap<>();
        FileClassifier classifier = new FileClassifier();
        for (Path file : regularFiles(source)) {
            if (isInstanceLock(file)) {
                continue;
            }
            left.computeIfAbsent(digest(file), d -> new ArrayList<>()).add(file);
            boolean silent = classifier.classify(file) == FileClassifier.Verdict.IGNORED;
            if (!silent && !reported.contains(file.toAbsolutePath().normalize())) {
                problems.add("left in the source without an Error line: " + source.relativize(file));
            }
        }
        Set<String> all = new HashSet<>(inputs.keySet());
        all.addAll(priorAll.keySet());
        for (String digest : all) {
            int given = inputs.getOrDefault(digest, 0) + priorAll.getOrDefault(digest, 0);
            List<Path> at = placed.getOrDefault(digest, List.of());
            List<Path> still = left.getOrDefault(digest, List.of());
            int found = at.size() + still.size();
            if (found == 0) {
                problems.add("LOST: content " + digest.substring(0, 12) + " (" + given + " given) is nowhere");
            } else if (found > given) {
                problems.add("content " + digest.substring(0, 12) + " exists " + found + " times but was given "
                        + given + " times: " + at + " " + still);
            }
            int library = inLibrary.getOrDefault(digest, 0);
            if (library > Math.max(1, priorLibrary.getOrDefault(digest, 0))) {
                problems.add("the library holds content " + digest.substring(0, 12) + " " + library + " times: "
                        + at);
            }
        }
        return problems;
    }

    /** Source files named by an Error or Skipped row of photo_organizer_log.csv (column File/Folder). */
    static Set<Path> reportedInLog(Path logFile) {
        Set<Path> reported = new HashSet<>();
        if (!Files.isRegularFile(logFile)) {
            return reported;
        }
        try (Reader reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                if (row.size() < 6) {
                    continue;
                }
                String event = row.get(4);
                if (event.equals("Error") || event.equals("Skipped")) {
                    String path = row.get(5);
                    reported.add(Path.of(path.startsWith("'") ? path.substring(1) : path));
                }
            }
        } catch (IOException | RuntimeException e) {
            // A line cut by kill -9 ends the readable part of the log; what came before still counts.
        }
        return reported;
    }

    /** Files of the destination that count: everything but the service's own state and log files. */
    static List<Path> destinationFiles(Path dest) {
        List<Path> found = new ArrayList<>();
        for (Path file : regularFiles(dest)) {
            Path relative = dest.relativize(file);
            if (relative.getName(0).toString().equals(STATE_DIR)
                    || relative.getNameCount() == 1 && file.getFileName().toString().endsWith(".csv")) {
                continue;
            }
            found.add(file);
        }
        return found;
    }

    /** Regular files below {@code root}, never following links (a link is not content we were given). */
    static List<Path> regularFiles(Path root) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Moved away by a running service between listing and looking: no longer there.
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The service's own lock in the inbox (it holds who runs there, and changes with every start). */
    private static boolean isInstanceLock(Path file) {
        return file.getFileName().toString().equals(".photo-organizer.lock");
    }

    private static boolean isUnder(Path dest, Path file, String top) {
        return dest.relativize(file).getName(0).toString().equals(top);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                sha.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
