package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package scripts against a fake {@code java} (a sh script that answers -version and then waits
 * for SIGTERM), so the lifecycle logic is tested without the real service: config from the wizard,
 * Java discovery, daemon start/status/stop, upgrade and uninstall.
 */
class SpkScriptLifecycleTest {

    @TempDir
    Path dir;

    private SimulatedDsm dsm;
    private Path javaArgs;

    @BeforeEach
    void install() throws Exception {
        Path jar = dir.resolve("dummy.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            j.putNextEntry(new java.util.jar.JarEntry("x"));
        }
        Path spk = SimulatedDsm.buildSpk(SimulatedDsm.repo(), jar, dir.resolve("out"));
        dsm = new SimulatedDsm(dir.resolve("root"));
        dsm.install(spk);
        javaArgs = dir.resolve("java-args.txt");
        dsm.env("FAKE_JAVA_ARGS", javaArgs.toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (dsm != null && Files.exists(dsm.scripts)) {
            dsm.run("start-stop-status", "STOP", Map.of("PHOTO_ORGANIZER_STOP_TIMEOUT", "1"), "stop");
        }
        if (dsm != null) {
            dsm.removeLinks();
        }
    }

    /** A fake JDK: -version prints {@code version}, anything else records argv and runs until TERM. */
    private Path fakeJava(Path javaFile, String version) throws Exception {
        SimulatedDsm.writeExecutable(javaFile, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2024-01-16' >&2; exit 0; fi\n"
                + "{ echo \"$0\"; for a in \"$@\"; do echo \"$a\"; done; } >\"$FAKE_JAVA_ARGS\"\n"
                + "echo \"fake service running as $LC_ALL\"\n"
                + "if [ \"${FAKE_JAVA_MODE:-}\" = ignore-term ]; then trap '' TERM; else trap 'echo stopped-cleanly; exit 0' TERM; fi\n"
                + "if [ \"${FAKE_JAVA_MODE:-}\" = exit2 ]; then echo 'Configuration error: source missing'; exit 2; fi\n"
                + "while :; do sleep 1; done\n");
        return javaFile;
    }

    private Path synoJava(int major, String version) throws Exception {
        return fakeJava(dsm.root.resolve("var/packages/java-" + major + "-openjdk/target/bin/java"), version);
    }

    private Map<String, String> wizard(String source, String dest, String delete) {
        return Map.of("wizard_source_dir", source, "wizard_dest_dir", dest, "wizard_delete_duplicates", delete,
                "wizard_photo_share", "photo");
    }

    @Test
    void postinstWritesTheWizardAnswersIntoConfigIni() throws Exception {
        String source = dsm.root + "/volume1/photo/In box ü";
        String dest = dsm.root + "/volume1/photo";
        assertThat(dsm.run("preinst", "INSTALL", wizard(source, dest, "false")).exitCode()).isZero();
        assertThat(dsm.run("postinst", "INSTALL", wizard(source, dest, "false")).exitCode()).isZero();
        String config = Files.readString(dsm.var.resolve("config.ini"), StandardCharsets.UTF_8);
        assertThat(config).contains("[paths]", "source_dir = " + source + "\n", "destination_root = " + dest + "\n",
                "[duplicates]", "delete = false\n", "[runtime]", "java_home =");
        // Re-running postinst (reinstall) keeps the user's file.
        Files.writeString(dsm.var.resolve("config.ini"), config + "; user edit\n");
        dsm.run("postinst", "INSTALL", wizard("/volume1/x", "/volume1/y", "true"));
        assertThat(Files.readString(dsm.var.resolve("config.ini"))).endsWith("; user edit\n").contains(source);
    }

    @Test
    void deleteDefaultsToTrueAndWizardTrueIsTrue() throws Exception {
        dsm.run("postinst", "INSTALL", wizard("/volume1/photo/in", "/volume1/photo", "true"));
        assertThat(Files.readString(dsm.var.resolve("config.ini"))).contains("delete = true\n");
    }

    @Test
    void preinstRefusesBadPaths() throws Exception {
        SimulatedDsm.Run relative = dsm.run("preinst", "INSTALL", wizard("photos/in", "/volume1/photo", "true"));
        assertThat(relative.exitCode()).isNotZero();
        assertThat(relative.tempLog()).contains("full path");
        SimulatedDsm.Run same = dsm.run("preinst", "INSTALL", wizard("/volume1/photo/", "/volume1/photo", "true"));
        assertThat(same.exitCode()).isNotZero();
        assertThat(same.tempLog()).contains("must differ");
        SimulatedDsm.Run newline = dsm.run("preinst", "INSTALL", wizard("/volume1/a\n[paths]", "/volume1/photo", "true"));
        assertThat(newline.exitCode()).isNotZero();
    }

    @Test
    void startDaemonisesAndStatusAndStopFollowIt() throws Exception {
        dsm.run("postinst", "INSTALL", wizard(dsm.root + "/volume1/photo/in", dsm.root + "/volume1/photo", "true"));
        Files.createDirectories(dsm.root.resolve("volume1/photo"));
        synoJava(17, "17.0.10");
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);

        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        assertThat(start.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();
        Path pidFile = dsm.var.resolve("photo-organizer.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        // The inbox folder named in the config is created at start.
        assertThat(dsm.root.resolve("volume1/photo/in")).isDirectory();

        List<String> args = Files.readAllLines(javaArgs);
        assertThat(args.get(0)).endsWith("java-17-openjdk/target/bin/java");
        assertThat(args).contains("-Xmx128m", "-jar", dsm.target.resolve("lib/photo-organizer.jar").toString(),
                "--config", dsm.var.resolve("config.ini").toString());
        assertThat(args.subList(args.size() - 4, args.size())).containsExactly("-jar",
                dsm.target.resolve("lib/photo-organizer.jar").toString(), "--config", dsm.var.resolve("config.ini").toString());
        // A second start does not launch a second service.
        assertThat(dsm.run("start-stop-status", "START", "start").exitCode()).isZero();
        assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(pid));

        SimulatedDsm.Run stop = dsm.run("start-stop-status", "STOP", "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.took()).isLessThan(Duration.ofSeconds(15));
        assertThat(dsm.run("start-stop-status", "STOP", "status").exitCode()).isEqualTo(3);
        assertThat(pidFile).doesNotExist();
        assertThat(dsm.serviceLog()).contains("fake service running as", "stopped-cleanly");
        assertThat(dsm.serviceLog()).containsPattern("running as .*[Uu][Tt][Ff]-?8");

        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).containsSubsequence("-t", "PhotoOrganizer",
                "-p", "user.info", "--").last().asString().startsWith("Photo Organizer started (pid " + pid));
        assertThat(dsm.calls("synologset1")).anySatisfy(c -> assertThat(c).containsSubsequence("sys", "info",
                "0x11800000", "Photo Organizer stopped"));
        assertThat(dsm.run("start-stop-status", "STOP", "log").output().strip())
                .isEqualTo(dsm.var.resolve("photo-organizer.log").toString());
    }

    @Test
    void aServiceLogOverTheLimitIsRotatedAtStart() throws Exception {
        dsm.run("postinst", "INSTALL", wizard(dsm.root + "/volume1/photo/in", dsm.root + "/volume1/photo", "true"));
        Files.createDirectories(dsm.root.resolve("volume1/photo"));
        synoJava(17, "17.0.10");
        Path log = dsm.var.resolve("photo-organizer.log");
        Files.writeString(log, "old line\n".repeat(200));

        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", Map.of("PHOTO_ORGANIZER_LOG_ROTATE_BYTES", "1000"),
                "start");

        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        assertThat(dsm.var.resolve("photo-organizer.log.1")).content().startsWith("old line");
        assertThat(log).content().doesNotContain("old line").contains("fake service running");
    }

    @Test
    void stopKillsAServiceThatIgnoresTerm() throws Exception {
        dsm.run("postinst", "INSTALL", wizard("/volume1/photo/in", "/volume1/photo", "true"));
        synoJava(17, "17.0.10");
        Map<String, String> env = Map.of("FAKE_JAVA_MODE", "ignore-term", "PHOTO_ORGANIZER_STOP_TIMEOUT", "2");
        assertThat(dsm.run("start-stop-status", "START", env, "start").exitCode()).isZero();
        long pid = Long.parseLong(Files.readString(dsm.var.resolve("photo-organizer.pid")).strip());
        SimulatedDsm.Run stop = dsm.run("start-stop-status", "STOP", env, "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(10));
        assertThat(dsm.run("start-stop-status", "STOP", "status").exitCode()).isEqualTo(3);
        assertThat(ProcessHandle.of(pid).map(h -> h.isAlive() && h.info().command().isPresent()).orElse(false)).isFalse();
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).contains("user.warning"));
    }

    @Test
    void aServiceThatDiesAtOnceFailsStartWithItsReason() throws Exception {
        dsm.run("postinst", "INSTALL", wizard("/volume1/photo/in", "/volume1/photo", "true"));
        synoJava(17, "17.0.10");
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", Map.of("FAKE_JAVA_MODE", "exit2"), "start");
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.tempLog()).contains("exit code 2", "Configuration error: source missing");
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void javaDiscoveryPrefersConfigThenNewestSynoCommunityAndRejectsOldJava() throws Exception {
        dsm.run("postinst", "INSTALL", wizard("/volume1/photo/in", "/volume1/photo", "true"));
        synoJava(11, "11.0.2");
        synoJava(17, "17.0.10");
        synoJava(21, "21.0.1");
        fakeJava(dsm.root.resolve("usr/local/bin/java"), "17.0.1");
        startStop();
        assertThat(Files.readAllLines(javaArgs).get(0)).endsWith("java-21-openjdk/target/bin/java");

        Path custom = fakeJava(dsm.root.resolve("opt/jdk-22/bin/java"), "22");
        String config = Files.readString(dsm.var.resolve("config.ini"));
        Files.writeString(dsm.var.resolve("config.ini"),
                config.replace("java_home =", "java_home = " + custom.getParent().getParent()));
        startStop();
        assertThat(Files.readAllLines(javaArgs).get(0)).isEqualTo(custom.toString());

        // java_home pointing at a Java 8 is rejected and discovery goes on.
        fakeJava(custom, "1.8.0_292");
        startStop();
        assertThat(Files.readAllLines(javaArgs).get(0)).endsWith("java-21-openjdk/target/bin/java");
    }

    private void startStop() throws Exception {
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        assertThat(dsm.run("start-stop-status", "STOP", "stop").exitCode()).isZero();
    }

    @Test
    void noSuitableJavaIsAClearFailureInPackageCenterAndTheLogs() throws Exception {
        dsm.run("postinst", "INSTALL", wizard("/volume1/photo/in", "/volume1/photo", "true"));
        synoJava(11, "11.0.2");
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.tempLog()).contains("Java 17 or later", "java_home", "java-11-openjdk", "version 11");
        assertThat(dsm.serviceLog()).contains("Java 17 or later");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).contains("user.err"));
        assertThat(dsm.calls("synologset1")).anySatisfy(c -> assertThat(c).startsWith("sys", "err", "0x11800000"));
        assertThat(dsm.var.resolve("photo-organizer.pid")).doesNotExist();
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void upgradeKeepsTheConfigEvenWhenVarIsReplacedAndUninstallKeepsUserData() throws Exception {
        Path library = dsm.root.resolve("volume1/photo");
        Files.createDirectories(library.resolve("2024/08_Aug"));
        Files.writeString(library.resolve("2024/08_Aug/20240814_134757.jpg"), "photo");
        Files.writeString(library.resolve("system_log.csv"), "Level,Log,Time,User,Event\n");
        dsm.run("postinst", "INSTALL", wizard(library + "/in", library.toString(), "false"));
        Path config = dsm.var.resolve("config.ini");
        Files.writeString(config, Files.readString(config) + "; kept across upgrades\n");
        synoJava(17, "17.0.10");
        assertThat(dsm.run("start-stop-status", "START", "start").exitCode()).isZero();

        // DSM's upgrade order; DSM stops the package first.
        dsm.run("start-stop-status", "STOP", "stop");
        assertThat(dsm.run("preupgrade", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("preuninst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postuninst", "UPGRADE").exitCode()).isZero();
        SimulatedDsm.deleteTree(dsm.var); // the worst case: var does not survive
        assertThat(dsm.run("preinst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postinst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postupgrade", "UPGRADE").exitCode()).isZero();
        assertThat(Files.readString(config)).endsWith("; kept across upgrades\n").contains("delete = false");
        assertThat(dsm.run("start-stop-status", "START", "start").exitCode()).isZero();

        dsm.run("start-stop-status", "STOP", "stop");
        assertThat(dsm.run("preuninst", "UNINSTALL").exitCode()).isZero();
        assertThat(dsm.run("postuninst", "UNINSTALL").exitCode()).isZero();
        dsm.removePackageFolders();
        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).hasContent("photo");
        assertThat(library.resolve("system_log.csv")).exists();
        assertThat(library.resolve("photo_organizer_service.log")).content().contains("fake service running");
    }
}
