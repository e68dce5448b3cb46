package org.photoorganizer.spk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A DSM 7 package layout in a temporary folder, run the way Package Center runs it: the scripts of an
 * unpacked .spk in {@code var/packages/PhotoOrganizer/scripts}, package.tgz unpacked into
 * {@code target}, persistent data in {@code var}, temporary files in {@code tmp}, shared folders on
 * {@code volumeN/} linked from {@code var/packages/PhotoOrganizer/shares/} as DSM's data-share worker does,
 * SYNOPKG_* variables set per call. DSM tools ({@code synoindex}, {@code logger}, {@code synodsmnotify},
 * {@code synologset1}) are stubs that append their argv to {@code calls/<tool>.log}, one call per line,
 * arguments separated by U+001F.
 *
 * <p>Scripts run under the shell given ({@code dash} or BusyBox {@code sh}) and, as on DSM 7, not as root:
 * when the tests run as root (CI) every call drops to uid/gid 65534 with {@code setpriv} and the tree is
 * handed to that user first. PATH holds the stubs and a folder of links to the ordinary tools the scripts
 * need, and nothing else, so a {@code java} on the build machine's PATH is only found when a test links it in.
 */
final class SimulatedDsm {

    static final String SEP = "\u001f";
    private static final List<String> TOOLS = List.of("sh", "dash", "bash", "awk", "sed", "grep", "cat", "date",
            "mkdir", "rm", "cp", "mv", "tr", "sort", "cut", "head", "tail", "sleep", "dirname", "chmod", "ls",
            "env", "tar", "gzip", "touch", "kill", "basename", "printf", "readlink", "mktemp", "wc", "id");
    /** The unprivileged user the scripts run as when the tests run as root. */
    static final int PACKAGE_UID = 65534;
    static final boolean AS_ROOT = "root".equals(System.getProperty("user.name"));

    final Path root;
    final Path pkgDir;
    final Path target;
    final Path var;
    final Path scripts;
    final Path stubBin;
    final Path sysBin;
    final Path calls;
    final Path upgradeTmp;
    final Path pkgTmp;
    final Path wizard;
    private final List<String> shell;
    private final Map<String, String> extraEnv = new HashMap<>();

    SimulatedDsm(Path root) throws IOException {
        this(root, "dash");
    }

    /** @param shell "dash" or "busybox" (BusyBox sh): what runs every script */
    SimulatedDsm(Path root, String shell) throws IOException {
        this.root = root;
        this.shell = switch (shell) {
            case "dash" -> List.of(onSystemPath("dash"));
            case "busybox" -> List.of(onSystemPath("busybox"), "sh");
            default -> throw new IllegalArgumentException(shell);
        };
        this.pkgTmp = root.resolve("var/packages/PhotoOrganizer/tmp");
        this.wizard = root.resolve("spk-wizard");
        this.pkgDir = root.resolve("var/packages/PhotoOrganizer");
        this.target = pkgDir.resolve("target");
        this.var = pkgDir.resolve("var");
        this.scripts = pkgDir.resolve("scripts");
        this.stubBin = root.resolve("stub-bin");
        this.sysBin = root.resolve("sys-bin");
        this.calls = root.resolve("calls");
        this.upgradeTmp = root.resolve("tmp/upgrade");
        Files.createDirectories(stubBin);
        Files.createDirectories(sysBin);
        Files.createDirectories(calls);
        for (String tool : TOOLS) {
            for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p) && !Files.exists(sysBin.resolve(tool))) {
                    Files.createSymbolicLink(sysBin.resolve(tool), p);
                }
            }
        }
        for (String tool : List.of("synoindex", "logger", "synologset1", "synodsmnotify")) {
            writeExecutable(stubBin.resolve(tool), "#!/bin/sh\n"
                    + "{ printf '%s' \"$(basename \"$0\")\"; for a in \"$@\"; do printf '\\037%s' \"$a\"; done; printf '\\n'; }"
                    + " >>'" + calls.resolve(tool + ".log") + "'\n");
        }
    }

    /** The absolute path of a system tool (the scripts' PATH does not hold the shells themselves). */
    static String onSystemPath(String tool) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return tool;
    }

    static void writeExecutable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Removes the links to system tools (and any other symlink under the root) before JUnit's
     * temp-dir cleanup, which warns about every link pointing outside the temp dir.
     */
    void removeLinks() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Sets a variable for every later script run (e.g. PHOTO_ORGANIZER_JAVA_OPTS). */
    SimulatedDsm env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Unpacks an .spk as Package Center does: scripts into scripts/, package.tgz into target/. */
    void install(Path spk) throws IOException, InterruptedException {
        Path unpacked = Files.createTempDirectory(root, "spk-");
        exec(List.of("tar", "-xf", spk.toString(), "-C", unpacked.toString()));
        deleteTree(target);
        deleteTree(scripts);
        Files.createDirectories(target);
        Files.createDirectories(pkgDir);
        exec(List.of("cp", "-R", unpacked.resolve("scripts").toString(), scripts.toString()));
        exec(List.of("tar", "-xzf", unpacked.resolve("package.tgz").toString(), "-C", target.toString()));
        deleteTree(wizard);
        exec(List.of("cp", "-R", unpacked.resolve("WIZARD_UIFILES").toString(), wizard.toString()));
        deleteTree(unpacked);
    }

    /** A shared folder {@code volume<n>/<name>} and DSM's link to it from the package's shares folder. */
    Path share(String name, int volume) throws IOException {
        Path dir = Files.createDirectories(root.resolve("volume" + volume).resolve(name));
        Path link = pkgDir.resolve("shares").resolve(name);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, dir);
        return dir;
    }

    /**
     * Runs a wizard script of the installed .spk (e.g. upgrade_uifile.sh) and returns what it wrote to
     * SYNOPKG_TEMP_LOGFILE, the wizard's JSON.
     */
    String wizardJson(String script, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "wizard-", ".json");
        handOver();
        List<String> command = new ArrayList<>(dropPrivileges());
        command.addAll(shell);
        command.add(wizard.resolve(script).toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = baseEnv(pb.environment(), "UPGRADE");
        e.put("SYNOPKG_TEMP_LOGFILE", out.toString());
        e.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(script + " failed: " + printed);
        }
        String json = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return json;
    }

    /** setpriv's prefix when the tests run as root, so the scripts run as an ordinary user as on DSM 7. */
    static List<String> dropPrivileges() {
        if (!AS_ROOT) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + PACKAGE_UID, "--regid=" + PACKAGE_UID, "--clear-groups", "--");
    }

    /** Gives the whole simulated tree to the package user (when running as root) and lets it reach the tree. */
    void handOver() throws IOException, InterruptedException {
        if (!AS_ROOT) {
            return;
        }
        exec(List.of("chown", "-R", "-h", PACKAGE_UID + ":" + PACKAGE_UID, root.toString()));
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            exec(List.of("chmod", "o+x", p.toString()));
        }
    }

    private Map<String, String> baseEnv(Map<String, String> e, String status) {
        e.keySet().removeIf(k -> k.startsWith("SYNOPKG_") || k.startsWith("wizard_") || k.startsWith("PHOTO_ORGANIZER")
                || k.equals("JAVA_HOME") || k.startsWith("LC_") || k.equals("LANG"));
        e.put("PATH", stubBin + ":" + sysBin);
        e.put("SYNOPKG_PKGNAME", "PhotoOrganizer");
        e.put("SYNOPKG_PKGDEST", target.toString());
        e.put("SYNOPKG_PKGVAR", var.toString());
        e.put("SYNOPKG_PKGTMP", pkgTmp.toString());
        e.put("SYNOPKG_TEMP_UPGRADE_FOLDER", upgradeTmp.toString());
        e.put("SYNOPKG_PKG_STATUS", status);
        e.put("PHOTO_ORGANIZER_ROOT", root.toString());
        e.putAll(extraEnv);
        return e;
    }

    /** What DSM removes at the end of an uninstall: the package's own folders, var included. */
    void removePackageFolders() throws IOException {
        deleteTree(pkgDir);
    }

    record Run(int exitCode, String output, String tempLog, Duration took) {
    }

    Run run(String script, String status, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path tempLog = Files.createTempFile(root, "synopkg-", ".log");
        Files.createDirectories(pkgTmp);
        handOver();
        List<String> command = new ArrayList<>(dropPrivileges());
        command.addAll(shell);
        command.add(scripts.resolve(script).toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = baseEnv(pb.environment(), status);
        e.put("SYNOPKG_TEMP_LOGFILE", tempLog.toString());
        e.putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " " + String.join(" ", args) + " did not finish");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String log = Files.readString(tempLog, StandardCharsets.UTF_8);
        Files.delete(tempLog);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), log, took);
    }

    Run run(String script, String status, String... args) throws IOException, InterruptedException {
        return run(script, status, Map.of(), args);
    }

    /** Every recorded call of a stub, each as its argv without the program name. */
    List<List<String>> calls(String tool) throws IOException {
        Path log = calls.resolve(tool + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<List<String>> result = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            List<String> parts = new ArrayList<>(Arrays.asList(line.split(SEP, -1)));
            parts.remove(0);
            result.add(parts);
        }
        return result;
    }

    /** The JVM's raw standard output and error, where the fake java writes. */
    String serviceOut() throws IOException {
        Path out = var.resolve("photo-organizer.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    String serviceLog() throws IOException {
        Path log = var.resolve("photo-organizer.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static String execOutput(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Builds an .spk from {@code jar} with scripts/build-spk into {@code out}. */
    static Path buildSpk(Path repo, Path jar, Path out, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(repo.resolve("scripts/build-spk").toString(),
                "--jar", jar.toString(), "--out", out.toString()));
        command.addAll(Arrays.asList(extra));
        String printed = execOutput(command).strip();
        String[] lines = printed.split("\n");
        return Path.of(lines[lines.length - 1]);
    }

    static Path repo() {
        return Path.of(System.getProperty("photoorganizer.basedir", ".")).toAbsolutePath().normalize();
    }
}
