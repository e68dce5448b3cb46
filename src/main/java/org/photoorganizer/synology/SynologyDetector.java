package org.photoorganizer.synology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether the service runs on a Synology NAS: {@code /etc/synoinfo.conf} or
 * {@code /etc.defaults/VERSION} or {@code /volume1} exists (SPEC "Synology"). The file-system root is
 * a constructor argument so tests can build a fake DSM in a temporary folder.
 */
public final class SynologyDetector {

    /**
     * System property naming the root the no-argument constructor checks instead of {@code /}. The
     * package's lifecycle tests start the real jar in a simulated DSM layout through it, and it lets a
     * developer exercise the NAS code paths on a workstation.
     */
    public static final String ROOT_PROPERTY = "photoorganizer.synology.root";

    private static final Pattern VERSION_LINE = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"?([^\"]*)\"?\\s*$");

    private final Path root;

    /** Detects on the real file system, or under {@link #ROOT_PROPERTY} when that is set. */
    public SynologyDetector() {
        this(Path.of(System.getProperty(ROOT_PROPERTY, "/")));
    }

    public SynologyDetector(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public boolean isSynology() {
        return Files.exists(root.resolve("etc/synoinfo.conf"))
                || Files.exists(root.resolve("etc.defaults/VERSION"))
                || Files.isDirectory(root.resolve("volume1"));
    }

    /**
     * DSM's version from {@code /etc.defaults/VERSION}, e.g. {@code "7.2.1-69057"} (productversion and
     * buildnumber), for the "Synology NAS detected" start line; empty when the file is absent or unreadable.
     */
    public Optional<String> dsmVersion() {
        Path file = root.resolve("etc.defaults/VERSION");
        String product = null;
        String build = null;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = VERSION_LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                switch (m.group(1)) {
                    case "productversion" -> product = m.group(2).strip();
                    case "buildnumber" -> build = m.group(2).strip();
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (product == null || product.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(build == null || build.isEmpty() ? product : product + "-" + build);
    }
}
