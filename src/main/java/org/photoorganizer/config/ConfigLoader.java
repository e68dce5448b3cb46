package org.photoorganizer.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ini4j.Ini;
import org.photoorganizer.dedupe.similar.PerceptualHash;

/**
 * Finds, reads and validates config.ini (SPEC "Configuration").
 *
 * <p>The first readable file of the search list wins; {@code --config} replaces the list. Command-line
 * {@code --source}/{@code --dest} override the file. With no file at all the built-in defaults apply;
 * off the NAS those are the local folders {@code ./PhotosToProcess} and {@code ./Photos}, created on
 * demand so that a first run needs no set-up.
 */
public final class ConfigLoader {

    /** Where DSM packages keep their configuration, in the order the original searched them. */
    public static final List<Path> NAS_SEARCH_PATH = List.of(
            Path.of("/var/packages/PhotoOrganizer/var/config.ini"),
            Path.of("/var/packages/PhotoOrganizer/config.ini"),
            Path.of("/volume1/@appstore/PhotoOrganizer/var/config.ini"));

    public static final int DEFAULT_SIMILAR_THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;
    private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");
    private static final List<String> FOLDER_TOKENS = List.of("yyyy", "yy", "MM", "M", "Mmm", "Mmmm", "dd");

    private final List<Path> searchPath;
    private final boolean onNas;
    private final Path workingDir;

    public ConfigLoader(List<Path> searchPath, boolean onNas, Path workingDir) {
        this.searchPath = List.copyOf(searchPath);
        this.onNas = onNas;
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** The search list of SPEC: the package locations, then {@code ./config.ini}. */
    public static List<Path> defaultSearchPath(Path workingDir) {
        List<Path> paths = new java.util.ArrayList<>(NAS_SEARCH_PATH);
        paths.add(workingDir.resolve("config.ini"));
        return paths;
    }

    public Config load(Optional<Path> explicitFile, Optional<Path> sourceOverride, Optional<Path> destOverride)
            throws ConfigException {
        Optional<Path> file = explicitFile.isPresent() ? explicitFile : firstReadable();
        Ini ini = file.isPresent() ? read(file.get()) : new Ini();
        boolean builtInDirs = file.isEmpty() && sourceOverride.isEmpty() && destOverride.isEmpty() && !onNas;

        Path dest = destOverride.map(this::absolute)
                .or(() -> value(ini, "paths", "destination_root").map(this::absolute))
                .orElse(onNas ? Path.of("/volume1/photo") : workingDir.resolve("Photos"));
        Path source = sourceOverride.map(this::absolute)
                .or(() -> value(ini, "paths", "source_dir").map(this::absolute))
                .orElse(onNas ? Path.of("/volume1/photo/PhotosToProcess") : workingDir.resolve("PhotosToProcess"));
        Optional<String> deleteValue = value(ini, "duplicates", "delete");
        boolean delete = deleteValue.isEmpty() || parseBoolean("[duplicates] delete", deleteValue.get());
        int threshold = intValue(ini, "duplicates", "similar_threshold", DEFAULT_SIMILAR_THRESHOLD, 0, 32);
        Duration settle = seconds(ini, "processing", "settle_seconds", 2.0);
        if (settle.compareTo(Config.MINIMUM_SETTLE) < 0) {
            settle = Config.MINIMUM_SETTLE;
        }
        Duration idle = seconds(ini, "processing", "idle_stats_seconds", 60.0);
        Duration grace = seconds(ini, "processing", "incomplete_grace_seconds",
                Config.DEFAULT_INCOMPLETE_GRACE.toSeconds());
        String pattern = value(ini, "processing", "folder_pattern").orElse("{yyyy}/{MM}_{Mmm}");
        validatePattern(pattern);
        Path logDir = value(ini, "logging", "dir").map(this::absolute).orElse(dest);

        if (builtInDirs) {
            createDirectories(source);
            createDirectories(dest);
        }
        Config.Dsm dsm = new Config.Dsm(
                booleanValue(ini, "synology", "index_media", Config.Dsm.DEFAULTS.indexMedia()),
                booleanValue(ini, "synology", "notify_errors", Config.Dsm.DEFAULTS.notifyErrors()),
                Duration.ofMinutes(intValue(ini, "synology", "notify_interval_minutes",
                        (int) Config.Dsm.DEFAULTS.notifyInterval().toMinutes(), 1, 7 * 24 * 60)));
        Config config = new Config(source, dest, delete, threshold, settle, idle, pattern, logDir,
                file.map(this::absolute).orElse(null), dsm, grace);
        validateDirectories(config);
        return config;
    }

    /**
     * Where system_log.csv belongs even when the configuration is unusable: {@code --dest}, else the
     * file's {@code [logging] dir} or {@code destination_root}, else the default library, if that folder
     * exists. Never fails: it only serves to report why the service cannot start.
     */
    public Optional<Path> logDirForErrors(Optional<Path> explicitFile, Optional<Path> destOverride) {
        Optional<Path> fromFile = logDirInFile(explicitFile.isPresent() ? explicitFile : firstReadable());
        Path fallback = onNas ? Path.of("/volume1/photo") : workingDir.resolve("Photos");
        return destOverride.map(this::absolute).or(() -> fromFile).or(() -> Optional.of(fallback))
                .filter(Files::isDirectory);
    }

    private Optional<Path> logDirInFile(Optional<Path> file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            Ini ini = read(file.get());
            return value(ini, "logging", "dir").or(() -> value(ini, "paths", "destination_root")).map(this::absolute);
        } catch (ConfigException | RuntimeException e) {
            // An unreadable file leaves only the command line and the defaults to go by.
            return Optional.empty();
        }
    }

    /** Parses the boolean spellings of the original: 1/true/yes/y and 0/false/no/n, any case. */
    public static boolean parseBoolean(String key, String value) throws ConfigException {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "y", "on":
                return true;
            case "0", "false", "no", "n", "off":
                return false;
            default:
                throw new ConfigException(key + " must be true or false, not '" + value + "'");
        }
    }

    private Optional<Path> firstReadable() {
        return searchPath.stream().filter(p -> Files.isRegularFile(p) && Files.isReadable(p)).findFirst();
    }

    private static Ini read(Path file) throws ConfigException {
        Ini ini = new Ini();
        org.ini4j.Config iniConfig = ini.getConfig().clone();
        // Backslashes are literal in paths; ini4j would otherwise treat them as escapes.
        iniConfig.setEscape(false);
        ini.setConfig(iniConfig);
        try (Reader reader = Files.newBufferedReader(file)) {
            ini.load(reader);
            return ini;
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> value(Ini ini, String section, String key) {
        String value = ini.get(section, key);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = stripQuotes(value.trim());
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    private static String stripQuotes(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static boolean booleanValue(Ini ini, String section, String key, boolean fallback) throws ConfigException {
        Optional<String> raw = value(ini, section, key);
        return raw.isEmpty() ? fallback : parseBoolean("[" + section + "] " + key, raw.get());
    }

    private static int intValue(Ini ini, String section, String key, int fallback, int min, int max)
            throws ConfigException {
        Optional<String> raw = value(ini, section, key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(raw.get());
            if (parsed < min || parsed > max) {
                throw new ConfigException("[" + section + "] " + key + " must be between " + min + " and " + max
                        + ", not " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException("[" + section + "] " + key + " must be a whole number, not '" + raw.get() + "'");
        }
    }

    private static Duration seconds(Ini ini, String section, String key, double fallback) throws ConfigException {
        Optional<String> raw = value(ini, section, key);
        double seconds = fallback;
        if (raw.isPresent()) {
            try {
                seconds = Double.parseDouble(raw.get());
            } catch (NumberFormatException e) {
                throw new ConfigException("[" + section + "] " + key + " must be a number of seconds, not '"
                        + raw.get() + "'");
            }
            if (!(seconds >= 0) || seconds > 86_400) {
                throw new ConfigException("[" + section + "] " + key + " must be between 0 and 86400, not "
                        + raw.get());
            }
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static void validatePattern(String pattern) throws ConfigException {
        if (pattern.startsWith("/") || pattern.contains("..") || pattern.contains("\\")) {
            throw new ConfigException("[processing] folder_pattern must be a relative path without '..': " + pattern);
        }
        if (!pattern.contains("{yyyy}")) {
            throw new ConfigException("[processing] folder_pattern must start its folders with {yyyy}: " + pattern);
        }
        Matcher matcher = TOKEN.matcher(pattern);
        while (matcher.find()) {
            if (!FOLDER_TOKENS.contains(matcher.group(1))) {
                throw new ConfigException("[processing] folder_pattern has an unknown token {" + matcher.group(1)
                        + "}; known: " + FOLDER_TOKENS);
            }
        }
    }

    private void validateDirectories(Config config) throws ConfigException {
        requireDirectory("source folder", config.sourceDir());
        requireDirectory("destination folder", config.destinationRoot());
        Path source = realPath(config.sourceDir());
        Path dest = realPath(config.destinationRoot());
        if (source.equals(dest)) {
            throw new ConfigException("The source folder and the destination folder are the same: " + source);
        }
        if (dest.startsWith(source)) {
            throw new ConfigException("The destination folder " + dest + " lies inside the source folder " + source
                    + "; the service would process its own library.");
        }
        if (source.startsWith(dest)) {
            Path first = dest.relativize(source).getName(0);
            String name = first.toString();
            if (name.equals("Duplicates") || name.equals("NoDateFound") || name.equals(".photo-organizer")
                    || name.matches("\\d{4}")) {
                throw new ConfigException("The source folder " + source + " lies inside the library folder "
                        + dest.resolve(first) + " that the service manages.");
            }
        }
        if (!Files.isDirectory(config.logDir())) {
            createDirectories(config.logDir());
        }
    }

    private static void requireDirectory(String what, Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("The " + what + " " + dir + " does not exist or is not a folder.");
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir)) {
            throw new ConfigException("The " + what + " " + dir + " is not readable and writable by user "
                    + System.getProperty("user.name") + ".");
        }
    }

    private static Path realPath(Path dir) throws ConfigException {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ConfigException("Cannot resolve " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) throws ConfigException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("Cannot create folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path absolute(String path) {
        return absolute(Path.of(path));
    }

    private Path absolute(Path path) {
        return workingDir.resolve(path).toAbsolutePath().normalize();
    }
}
