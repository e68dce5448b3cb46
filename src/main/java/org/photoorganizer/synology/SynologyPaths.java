package org.photoorganizer.synology;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Path forms on DSM. A shared folder lives on a volume ({@code /volume1/photo}) but DSM also exposes
 * it as {@code /var/services/photo}, which stays right when the share moves to another volume; the
 * original wrote that form into its logs, and users' log tooling expects it.
 */
public final class SynologyPaths {

    private static final Pattern VOLUME = Pattern.compile("volume[0-9]+");
    private static final Path SERVICES = Path.of("/var/services");

    private SynologyPaths() {
    }

    /**
     * {@code /volumeN/<share>/rest} → {@code /var/services/<share>/rest}; anything else is returned
     * unchanged: relative paths, other roots, a bare {@code /volumeN}, and DSM's system folders on a
     * volume ({@code @appstore}, {@code @eaDir}, …), which are not shares and have no services link.
     */
    public static Path toSystemPath(Path path) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute() || path.getNameCount() < 2) {
            return path;
        }
        Path normal = path.normalize();
        if (normal.getNameCount() < 2 || !VOLUME.matcher(normal.getName(0).toString()).matches()) {
            return path;
        }
        String share = normal.getName(1).toString();
        if (share.startsWith("@")) {
            return path;
        }
        return SERVICES.resolve(normal.subpath(1, normal.getNameCount()));
    }

    /** String form of {@link #toSystemPath(Path)} for log cells. */
    public static String toSystemPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            return path;
        }
        return toSystemPath(Path.of(path)).toString();
    }
}
