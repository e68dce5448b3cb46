package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.ExternalTools;

/**
 * The package scripts against a fake {@code java} (a sh script that answers -version, writes the readiness
 * file the real service writes, and waits for SIGTERM), so the lifecycle logic is tested without the real
 * service: wizard answers, share resolution, Java discovery, readiness, start/status/stop, reinstall,
 * uninstall and upgrades. Run once per shell by {@link SpkScriptsUnderDashTest} and
 * {@link SpkScriptsUnderBusyboxTest}, as an ordinary user (see {@link SimulatedDsm}).
 */
abstract class SpkScriptLifecycle {

    @TempDir
    Path dir;

    SimulatedDsm dsm;
    Path javaArgs;
    Path spk;

    /** "dash" or "busybox". */
    abstract String shell();

    @BeforeEach
    void install() throws Exception {
        ExternalTools.require(shell(), "--help", shell());
        Path jar = dir.resolve("dummy.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            j.putNextEntry(new java.util.jar.JarEntry("x"));
        }
        spk = SimulatedDsm.buildSpk(SimulatedDsm.repo(), jar, dir.resolve("out"));
        dsm = new SimulatedDsm(Files.createDirectories(dir.resolve("root")).toRealPath(), shell());
        dsm.install(spk);
        javaArgs = dsm.root.resolve("java-args.txt");
        dsm.env("FAKE_JAVA_ARGS", javaArgs.toString());
        // The C.UTF-8 locale exists in this simulated DSM.
        Files.createDirectories(dsm.root.resolve("usr/lib/locale/C.utf8"));
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

    /**
     * A fake JDK: -version prints {@code version}; a class-data dump ({@code -Xshare:dump}) records its argv in
     * FAKE_JAVA_ARGS.dump and writes the archive it is asked for (unless FAKE_JAVA_DUMP=fail); anything else
     * records argv and a few variables, writes its pid to the --ready-file after FAKE_JAVA_READY_DELAY seconds
     * (unless FAKE_JAVA_MODE=never-ready) and runs until TERM.
     */
    Path fakeJava(Path javaFile, String version) throws Exception {
        SimulatedDsm.writeExecutable(javaFile, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2024-01-16' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do [ \"$a\" = -Xshare:dump ] && dump=1; done\n"
                + "if [ -n \"${dump:-}\" ]; then\n"
                + "  for a in \"$@\"; do echo \"$a\"; done >\"$FAKE_JAVA_ARGS.dump\"\n"
                + "  [ \"${FAKE_JAVA_DUMP:-}\" = fail ] && { echo 'Error occurred during initialization of VM'; exit 1; }\n"
                + "  for a in \"$@\"; do case $a in -XX:SharedArchiveFile=*) echo archive >\"${a#*=}\" ;; esac; done\n"
                + "  exit 0\n"
                + "fi\n"
                + "{ echo \"$0\"; for a in \"$@\"; do echo \"$a\"; done; echo \"TMPDIR=$TMPDIR\"; echo \"LC_ALL=$LC_ALL\"; }"
                + " >\"$FAKE_JAVA_ARGS\"\n"
                + "echo \"fake service running as $LC_ALL\"\n"
                + "if [ \"${FAKE_JAVA_MODE:-}\" = ignore-term ]; then trap '' TERM; else trap 'echo stopped-cleanly; exit 0' TERM; fi\n"
                + "if [ \"${FAKE_JAVA_MODE:-}\" = exit2 ]; then echo 'Configuration error: source missing'; exit 2; fi\n"
                + "ready=; prev=; for a in \"$@\"; do [ \"$prev\" = --ready-file ] && ready=$a; prev=$a; done\n"
                + "if [ \"${FAKE_JAVA_MODE:-}\" != never-ready ]; then\n"
                + "  sleep \"${FAKE_JAVA_READY_DELAY:-0}\"; echo $$ >\"$ready.tmp\"; mv \"$ready.tmp\" \"$ready\"\n"
                + "fi\n"
                + "while :; do sleep 1; done\n");
        return javaFile;
    }

    Path synoJava(int major, String version) throws Exception {
        return fakeJava(dsm.root.resolve("var/packages/java-" + major + "-openjdk/target/bin/java"), version);
    }

    static Map<String, String> wizard(String share, String inbox, String library, String delete) {
        return Map.of("wizard_share", share, "wizard_inbox", inbox, "wizard_library", library,
                "wizard_delete_duplicates", delete);
    }

    SimulatedDsm.Run install(Map<String, String> answers) throws Exception {
        SimulatedDsm.Run preinst = dsm.run("preinst", "INSTALL", answers);
        assertThat(preinst.exitCode()).as(preinst.output() + preinst.tempLog()).isZero();
        SimulatedDsm.Run postinst = dsm.run("postinst", "INSTALL", answers);
        assertThat(postinst.exitCode()).as(postinst.output() + postinst.tempLog()).isZero();
        return postinst;
    }

    SimulatedDsm.Run start() throws Exception {
        SimulatedDsm.Run prestart = dsm.run("start-stop-status", "START", "prestart");
        if (prestart.exitCode() != 0) {
            return prestart;
        }
        return dsm.run("start-stop-status", "START", "start");
    }

    void startOk() throws Exception {
        SimulatedDsm.Run start = start();
        assertThat(start.exitCode()).as(start.output() + start.tempLog() + dsm.serviceLog()).isZero();
    }

    void stopOk() throws Exception {
        assertThat(dsm.run("start-stop-status", "STOP", "prestop").exitCode()).isZero();
        assertThat(dsm.run("start-stop-status", "STOP", "stop").exitCode()).isZero();
    }

    List<String> javaArgs() throws Exception {
        return Files.readAllLines(javaArgs, StandardCharsets.UTF_8);
    }

    String config() throws Exception {
        return Files.readString(dsm.var.resolve("config.ini"), StandardCharsets.UTF_8);
    }

    static String after(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as("%s in %s", option, args).isNotNegative();
        return args.get(i + 1);
    }

    // --- Install ---

    @Test
    void installOnANasWithoutJavaSucceedsButStartSaysClearlyWhatToInstall() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        SimulatedDsm.Run prestart = dsm.run("start-stop-status", "START", "prestart");
        assertThat(prestart.exitCode()).isNotZero();
        assertThat(prestart.tempLog()).contains("Java 17 or later", "SynoCommunity", "Java 17 OpenJDK",
                "java_home");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).contains("user.err"));
        // start checks the same again (DSM 7 also starts at boot).
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.tempLog()).contains("SynoCommunity");
        assertThat(dsm.var.resolve("photo-organizer.pid")).doesNotExist();
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void wizardAnswersBecomeRealPathsThroughTheShareLinkEvenOnVolume2() throws Exception {
        Path share = dsm.share("Fotos Familie", 2);
        install(wizard("Fotos Familie", "Eingang/Handy", "Bibliothek", "false"));
        assertThat(config()).contains("[package]", "share = Fotos Familie\n", "inbox = Eingang/Handy\n",
                "library = Bibliothek\n", "[duplicates]", "delete = false\n");
        Files.createDirectories(share.resolve("Eingang"));
        synoJava(17, "17.0.10");

        SimulatedDsm.Run start = start();
        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        List<String> args = javaArgs();
        assertThat(after(args, "--source")).isEqualTo(share.resolve("Eingang/Handy").toString());
        assertThat(after(args, "--dest")).isEqualTo(share.resolve("Bibliothek").toString());
        assertThat(share.resolve("Eingang/Handy")).isDirectory();
        assertThat(share.resolve("Bibliothek")).isDirectory();
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .startsWith("Photo Organizer started").contains(share.resolve("Bibliothek").toString()));
    }

    @Test
    void theShareIsResolvedAtEveryStartSoItMayMoveToAnotherVolume() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        startOk();
        assertThat(after(javaArgs(), "--dest")).isEqualTo(dsm.root.resolve("volume1/photo").toString());
        stopOk();

        Path moved = dsm.share("photo", 3);
        startOk();
        assertThat(after(javaArgs(), "--dest")).isEqualTo(moved.toString());
        assertThat(after(javaArgs(), "--source")).isEqualTo(moved.resolve("PhotosToProcess").toString());
    }

    @Test
    void aMissingShareOrOneOffTheVolumesStopsTheStartWithTheReason() throws Exception {
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        SimulatedDsm.Run missing = start();
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.tempLog()).contains("shared folder \"photo\" is not available", "Control Panel");

        // A share that DSM links to a USB disk is refused even if its name passed.
        Path usb = Files.createDirectories(dsm.root.resolve("volumeUSB1/usbshare1/photo"));
        Path link = dsm.pkgDir.resolve("shares/photo");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, usb);
        SimulatedDsm.Run onUsb = start();
        assertThat(onUsb.exitCode()).isNotZero();
        assertThat(onUsb.tempLog()).contains("not on a storage volume");
    }

    @Test
    void preinstRefusesAnswersThatLeaveTheShareOrCannotBeAShare() throws Exception {
        Map<String, String> bad = new HashMap<>();
        bad.put("../etc", "is not a shared folder name");
        bad.put("photo/x", "is not a shared folder name");
        bad.put("usbshare1", "is not a shared folder name");
        bad.put("photo\n[runtime]", "is not a shared folder name");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            SimulatedDsm.Run run = dsm.run("preinst", "INSTALL", wizard(e.getKey(), "In", "", "true"));
            assertThat(run.exitCode()).as(e.getKey()).isNotZero();
            assertThat(run.tempLog()).contains(e.getValue());
        }
        for (String inbox : List.of("/volume1/photo/In", "../In", "a/../b", "a//b", "@eaDir", "In/")) {
            SimulatedDsm.Run run = dsm.run("preinst", "INSTALL", wizard("photo", inbox, "", "true"));
            assertThat(run.exitCode()).as(inbox).isNotZero();
            assertThat(run.tempLog()).contains("inbox folder");
        }
        SimulatedDsm.Run same = dsm.run("preinst", "INSTALL", wizard("photo", "Lib", "Lib", "true"));
        assertThat(same.exitCode()).isNotZero();
        assertThat(same.tempLog()).contains("must be different folders");
        assertThat(dsm.run("preinst", "INSTALL", wizard("photo", "PhotosToProcess", "", "true")).exitCode()).isZero();
        assertThat(dsm.var.resolve("config.ini")).as("preinst has no side effects").doesNotExist();
    }

    // --- Start, readiness, runtime ---

    @Test
    void startWaitsForTheReadinessSignalAndRunsWithThePackageFlagsLocaleAndTemp() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        Files.writeString(dsm.target.resolve("conf/jvm.options"),
                "# tuned\n-Xmx99m\n\n   -XX:+UseSerialGC   \n-Dphoto.test=a b\n", StandardCharsets.UTF_8);
        Files.writeString(dsm.var.resolve("config.ini"), config().replace("java_options =",
                "java_options = -Dextra=1"));

        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", Map.of("FAKE_JAVA_READY_DELAY", "3"), "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        assertThat(start.took()).as("start returned only once the service was ready")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        long pid = Long.parseLong(Files.readString(dsm.var.resolve("photo-organizer.pid")).strip());
        assertThat(dsm.pkgTmp.resolve("ready")).hasContent(Long.toString(pid));
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();

        List<String> args = javaArgs();
        assertThat(args.get(0)).endsWith("java-17-openjdk/target/bin/java");
        assertThat(args).containsSubsequence("-Xmx99m", "-XX:+UseSerialGC", "-Dphoto.test=a b", "-Dextra=1", "-jar");
        assertThat(args).doesNotContain("# tuned", "");
        assertThat(args).contains("-Djava.io.tmpdir=" + dsm.pkgTmp, "TMPDIR=" + dsm.pkgTmp, "LC_ALL=C.UTF-8",
                "-Dphotoorganizer.log=" + dsm.var.resolve("photo-organizer.log"));
        assertThat(args).noneMatch(arg -> arg.startsWith("-Dlogback.configurationFile"));
        assertThat(after(args, "--ready-file")).isEqualTo(dsm.pkgTmp.resolve("ready").toString());
        assertThat(after(args, "--config")).isEqualTo(dsm.var.resolve("config.ini").toString());

        // A second start does not launch a second service.
        assertThat(dsm.run("start-stop-status", "START", "start").exitCode()).isZero();
        assertThat(Files.readString(dsm.var.resolve("photo-organizer.pid")).strip()).isEqualTo(Long.toString(pid));

        stopOk();
        assertThat(dsm.run("start-stop-status", "STOP", "status").exitCode()).isEqualTo(3);
        assertThat(dsm.pkgTmp.resolve("ready")).doesNotExist();
        assertThat(dsm.serviceOut()).contains("fake service running as C.UTF-8", "stopped-cleanly");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).containsSubsequence("-t", "PhotoOrganizer",
                "-p", "user.info", "--").last().asString().startsWith("Photo Organizer started (pid " + pid));
        assertThat(dsm.calls("synologset1")).as("not documented for packages").isEmpty();
        assertThat(dsm.run("start-stop-status", "STOP", "log").output().strip())
                .isEqualTo(dsm.var.resolve("photo-organizer.log").toString());
    }

    @Test
    void theFirstStartArchivesTheClassesOnceForThisJavaJarAndOptionsAndTheServiceMapsTheArchive() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        Files.writeString(dsm.target.resolve("conf/jvm.options"), "-Xmx99m\n-XX:+UseSerialGC\n");
        Path dumpArgs = Path.of(javaArgs + ".dump");

        startOk();
        List<String> dump = Files.readAllLines(dumpArgs);
        String archiveOption = javaArgs().stream().filter(arg -> arg.startsWith("-XX:SharedArchiveFile="))
                .findFirst().orElseThrow();
        Path archive = Path.of(archiveOption.substring("-XX:SharedArchiveFile=".length()));
        assertThat(archive.getParent()).isEqualTo(dsm.var.resolve("cds"));
        assertThat(archive).exists();
        assertThat(dump).as("the dump runs with the package's options, so the JVM accepts the archive")
                .containsSubsequence("-Xmx99m", "-XX:+UseSerialGC", "-Xshare:dump",
                        "-XX:SharedClassListFile=" + dsm.target.resolve("conf/cds.classlist"),
                        "-XX:SharedArchiveFile=" + archive + ".tmp", "-cp",
                        dsm.target.resolve("lib/photo-organizer.jar").toString());
        assertThat(javaArgs()).containsSubsequence("-XX:+UseSerialGC", archiveOption, "-jar");
        stopOk();

        // Started again with the same Java, jar and options: the archive is used as it is.
        Files.delete(dumpArgs);
        startOk();
        assertThat(dumpArgs).doesNotExist();
        assertThat(javaArgs()).contains(archiveOption);
        stopOk();

        // Other options for this NAS: the archive is made again, for them.
        Files.writeString(dsm.var.resolve("config.ini"), config().replace("java_options =",
                "java_options = -Xmx200m"));
        startOk();
        assertThat(Files.readAllLines(dumpArgs)).containsSubsequence("-Xmx200m", "-Xshare:dump");
        assertThat(javaArgs()).contains(archiveOption, "-Xmx200m");
        assertThat(dsm.var.resolve("cds/stamp")).content().contains("-Xmx200m");
        assertThat(dsm.var.resolve("cds")).isDirectoryNotContaining("glob:**.tmp");
        stopOk();
    }

    @Test
    void aFailedClassDataDumpLeavesTheServiceStartingWithoutAnArchive() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");

        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", Map.of("FAKE_JAVA_DUMP", "fail"), "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog()).isZero();
        assertThat(Path.of(javaArgs + ".dump")).exists();
        assertThat(javaArgs()).noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));
        assertThat(dsm.var.resolve("cds")).isDirectoryNotContaining("glob:**.jsa");
        assertThat(dsm.var.resolve("cds")).isDirectoryNotContaining("glob:**.tmp");
        assertThat(dsm.var.resolve("cds/dump.log")).content().contains("Error occurred during initialization of VM");
        assertThat(Files.readString(dsm.var.resolve("photo-organizer.log")))
                .contains("no class-data archive (classes are read from the jar)");
        stopOk();
    }

    @Test
    void aServiceThatNeverGetsReadyIsStoppedAndTheStartFails() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START",
                Map.of("FAKE_JAVA_MODE", "never-ready", "PHOTO_ORGANIZER_START_TIMEOUT", "2"), "start");
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.tempLog()).contains("did not report it was ready within 2 s", "start_timeout");
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);
        assertThat(dsm.serviceOut()).contains("stopped-cleanly");
    }

    @Test
    void aServiceThatDiesAtOnceFailsStartWithItsReason() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", Map.of("FAKE_JAVA_MODE", "exit2"), "start");
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.tempLog()).contains("exit code 2", "Configuration error: source missing");
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void withoutAnInstalledUtf8LocaleTheStartWarnsInsteadOfSilentlyUsingAscii() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        SimulatedDsm.deleteTree(dsm.root.resolve("usr/lib/locale/C.utf8"));
        Files.createDirectories(dsm.root.resolve("usr/lib/locale/en_US.utf8"));
        startOk();
        assertThat(javaArgs()).contains("LC_ALL=en_US.UTF-8");
        stopOk();

        SimulatedDsm.deleteTree(dsm.root.resolve("usr/lib/locale"));
        startOk();
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).contains("user.warning")
                .last().asString().contains("No UTF-8 locale"));
    }

    @Test
    void stopKillsAServiceThatIgnoresTermAndUninstallSaysNothingWhenNotRunning() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(17, "17.0.10");
        Map<String, String> env = Map.of("FAKE_JAVA_MODE", "ignore-term", "PHOTO_ORGANIZER_STOP_TIMEOUT", "2");
        assertThat(dsm.run("start-stop-status", "START", env, "start").exitCode()).isZero();
        long pid = Long.parseLong(Files.readString(dsm.var.resolve("photo-organizer.pid")).strip());
        SimulatedDsm.Run stop = dsm.run("start-stop-status", "STOP", env, "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(pid).map(h -> h.isAlive() && h.info().command().isPresent()).orElse(false)).isFalse();
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c).contains("user.warning"));

        SimulatedDsm.Run preuninst = dsm.run("preuninst", "UNINSTALL");
        assertThat(preuninst.exitCode()).isZero();
        assertThat(preuninst.output() + preuninst.tempLog()).doesNotContain("not running").isBlank();
    }

    @Test
    void javaDiscoveryPrefersConfigThenNewestSynoCommunityAndRejectsOldJava() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        synoJava(11, "11.0.2");
        synoJava(17, "17.0.10");
        synoJava(21, "21.0.1");
        fakeJava(dsm.root.resolve("usr/local/bin/java"), "17.0.1");
        startOk();
        assertThat(javaArgs().get(0)).endsWith("java-21-openjdk/target/bin/java");
        stopOk();

        Path custom = fakeJava(dsm.root.resolve("opt/jdk-22/bin/java"), "22");
        Files.writeString(dsm.var.resolve("config.ini"),
                config().replace("java_home =", "java_home = " + custom.getParent().getParent()));
        startOk();
        assertThat(javaArgs().get(0)).isEqualTo(custom.toString());
        stopOk();

        fakeJava(custom, "1.8.0_292");
        startOk();
        assertThat(javaArgs().get(0)).endsWith("java-21-openjdk/target/bin/java");
    }

    // --- Uninstall and reinstall ---

    private Path libraryWithIndexAndLogs(Path share) throws Exception {
        Files.createDirectories(share.resolve("2024/08_Aug"));
        Files.writeString(share.resolve("2024/08_Aug/20240814_134757.jpg"), "photo");
        Files.writeString(share.resolve("system_log.csv"), "Level,Log,Time,User,Event\n");
        Path index = Files.createDirectories(share.resolve(".photo-organizer"));
        Files.writeString(index.resolve("index.db"), "index");
        return index;
    }

    private void uninstall(Map<String, String> answers) throws Exception {
        dsm.run("start-stop-status", "STOP", "prestop");
        dsm.run("start-stop-status", "STOP", "stop");
        SimulatedDsm.Run pre = dsm.run("preuninst", "UNINSTALL", answers);
        assertThat(pre.exitCode()).isZero();
        SimulatedDsm.Run post = dsm.run("postuninst", "UNINSTALL", answers);
        assertThat(post.exitCode()).as(post.output()).isZero();
        // What DSM 7 removes; var stays.
        SimulatedDsm.deleteTree(dsm.target);
        SimulatedDsm.deleteTree(dsm.scripts);
        SimulatedDsm.deleteTree(dsm.pkgTmp);
    }

    @Test
    void reinstallAfterKeepingTheSettingsAppliesTheNewAnswersAndKeepsTheRest() throws Exception {
        Path photo = dsm.share("photo", 1);
        Path index = libraryWithIndexAndLogs(photo);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        Files.writeString(dsm.var.resolve("config.ini"), config().replace("java_options =", "java_options = -Xmx300m"));
        synoJava(17, "17.0.10");
        startOk();
        assertThat(dsm.var.resolve("cds/photo-organizer.jsa")).exists();

        uninstall(Map.of("wizard_keep_settings", "true", "wizard_remove_settings", "false"));
        assertThat(dsm.var.resolve("config.ini")).exists();
        assertThat(dsm.var.resolve("cds")).as("the class-data archive of the uninstalled jar").doesNotExist();
        assertThat(index.resolve("index.db")).hasContent("index");
        assertThat(photo.resolve("2024/08_Aug/20240814_134757.jpg")).hasContent("photo");
        try (var files = Files.list(photo)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("uninstall writes nothing into the share").containsExactlyInAnyOrder("2024", "system_log.csv",
                            ".photo-organizer", "PhotosToProcess");
        }

        Path other = dsm.share("Bilder", 2);
        dsm.install(spk);
        SimulatedDsm.Run reinstall = install(wizard("Bilder", "Neu", "Archiv", "false"));
        assertThat(reinstall.output()).contains("applied the wizard's answers");
        assertThat(config()).contains("share = Bilder\n", "inbox = Neu\n", "library = Archiv\n", "delete = false\n",
                "java_options = -Xmx300m");
        startOk();
        assertThat(after(javaArgs(), "--source")).isEqualTo(other.resolve("Neu").toString());
        assertThat(javaArgs()).contains("-Xmx300m");
    }

    @Test
    void uninstallRemovingTheSettingsRemovesConfigAndIndexButNeverPhotosOrCsvLogs() throws Exception {
        Path photo = dsm.share("photo", 1);
        Path index = libraryWithIndexAndLogs(photo);
        install(wizard("photo", "PhotosToProcess", "", "true"));
        Files.writeString(dsm.var.resolve("config.ini"), config() + "; my note\n");
        synoJava(17, "17.0.10");
        startOk();

        uninstall(Map.of("wizard_keep_settings", "false", "wizard_remove_settings", "true"));
        try (var left = Files.list(dsm.var)) {
            assertThat(left).isEmpty();
        }
        assertThat(index).doesNotExist();
        assertThat(photo.resolve("2024/08_Aug/20240814_134757.jpg")).hasContent("photo");
        assertThat(photo.resolve("system_log.csv")).exists();

        dsm.install(spk);
        install(wizard("photo", "Eingang", "", "true"));
        assertThat(config()).doesNotContain("my note").contains("inbox = Eingang\n");
    }

    // --- Upgrades ---

    /** Runs DSM's upgrade order (Developer Guide, "scripts"); the old version's uninstall scripts are given. */
    void upgrade(Map<String, String> env, Runnable oldUninstallScripts) throws Exception {
        dsm.run("start-stop-status", "STOP", env, "prestop");
        dsm.run("start-stop-status", "STOP", env, "stop");
        SimulatedDsm.Run pre = dsm.run("preupgrade", "UPGRADE", env);
        assertThat(pre.exitCode()).as(pre.output()).isZero();
        oldUninstallScripts.run();
        dsm.install(spk);
        assertThat(dsm.run("preinst", "UPGRADE", env).exitCode()).isZero();
        assertThat(dsm.run("postinst", "UPGRADE", env).exitCode()).isZero();
        SimulatedDsm.Run post = dsm.run("postupgrade", "UPGRADE", env);
        assertThat(post.exitCode()).as(post.output() + post.tempLog()).isZero();
    }

    /** The hidden answer the upgrade wizard gives for the data-share resource, or null if it asks. */
    String upgradeWizardShare() throws Exception {
        Object parsed = MiniJson.parse(dsm.wizardJson("upgrade_uifile.sh", Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> step = (Map<String, Object>) ((List<Object>) parsed).get(0);
        for (Object item : (List<?>) step.get("items")) {
            Object subitems = ((Map<?, ?>) item).get("subitems");
            if (subitems == null) {
                continue;
            }
            for (Object sub : (List<?>) subitems) {
                Map<?, ?> s = (Map<?, ?>) sub;
                if ("wizard_share".equals(s.get("key"))) {
                    return Boolean.TRUE.equals(s.get("hidden")) ? (String) s.get("defaultValue") : null;
                }
            }
        }
        throw new AssertionError("no wizard_share in " + parsed);
    }

    @Test
    void upgradeFromOurPreviousVersionAsksNothingAndAdoptsItsPathsAsAShare() throws Exception {
        Path photo = dsm.share("photo", 1);
        // The layout 1.1.0-0001 left: absolute [paths], [runtime], no [package].
        Files.createDirectories(dsm.var);
        Files.writeString(dsm.var.resolve("config.ini"), "; Photo Organizer configuration, written by the package "
                + "installer on 2025-01-01 10:00:00.\n\n[paths]\nsource_dir = /volume1/photo/PhotosToProcess\n"
                + "destination_root = /volume1/photo\n\n[duplicates]\ndelete = false\n\n[processing]\n; settle_seconds = 2\n"
                + "\n[logging]\n; dir =\n\n[runtime]\njava_home =\njava_options = -Xmx200m\n; my note\n");
        assertThat(upgradeWizardShare()).isEqualTo("photo");

        Map<String, String> env = Map.of("SYNOPKG_OLD_PKGVER", "1.1.0-0001", "wizard_share", "photo");
        upgrade(env, () -> { });
        assertThat(config()).contains("share = photo\n", "inbox = PhotosToProcess\n", "delete = false\n",
                "java_options = -Xmx200m", "; my note", "; source_dir = /volume1/photo/PhotosToProcess");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .contains("are now shared folder photo"));
        synoJava(17, "17.0.10");
        startOk();
        assertThat(after(javaArgs(), "--source")).isEqualTo(photo.resolve("PhotosToProcess").toString());
        assertThat(javaArgs()).contains("-Xmx200m");
    }

    @Test
    void upgradeKeepsTheConfigEvenWhenVarIsReplaced() throws Exception {
        dsm.share("photo", 1);
        install(wizard("photo", "PhotosToProcess", "", "false"));
        Files.writeString(dsm.var.resolve("config.ini"), config() + "; kept across upgrades\n");
        upgrade(Map.of("SYNOPKG_OLD_PKGVER", "1.1.0-0001"), () -> {
            try {
                SimulatedDsm.deleteTree(dsm.var); // the worst case: var does not survive
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(config()).endsWith("; kept across upgrades\n").contains("delete = false");
    }

    /**
     * The original Python package (PhotoOrganizer 1.0.0-0009) as its product page and source describe it:
     * settings in /var/packages/PhotoOrganizer/config.ini (the first place it reads; its postinst wrote them
     * from the wizard keys UI_SRCDIR, UI_DSTDIR, UI_DELETE_DUPS) and a copy in var/, its script in target/,
     * a usr-local-linker link to it and its desktop ui link.
     */
    private void pythonPackageLayout(String settings) throws Exception {
        SimulatedDsm.deleteTree(dsm.target);
        Files.createDirectories(dsm.target.resolve("bin"));
        Files.writeString(dsm.target.resolve("Photo_Organizer.py"), "# python\n");
        Files.writeString(dsm.target.resolve("bin/photo_organizer"), "#!/bin/sh\n");
        Files.createDirectories(dsm.target.resolve("ui"));
        Files.writeString(dsm.target.resolve("ui/index.html"), "<html>");
        Files.writeString(dsm.pkgDir.resolve("config.ini"), settings);
        Files.createDirectories(dsm.var);
        Files.writeString(dsm.var.resolve("config.ini"), settings);
        Path bin = Files.createDirectories(dsm.root.resolve("usr/local/bin"));
        Files.createSymbolicLink(bin.resolve("photo_organizer"), dsm.target.resolve("bin/photo_organizer"));
        Files.writeString(bin.resolve("other-tool"), "#!/bin/sh\n");
        Path webman = Files.createDirectories(dsm.root.resolve("usr/syno/synoman/webman/3rdparty"));
        Files.createSymbolicLink(webman.resolve("PhotoOrganizer"), dsm.target.resolve("ui"));
        Files.createDirectories(dsm.root.resolve("volume1/photo"));
        Files.writeString(dsm.root.resolve("volume1/photo/Photo_Organizer_Statistics.json"), "{}");
    }

    @Test
    void upgradeFromThePythonPackageCarriesItsFoldersAndDuplicateSettingOverAndRemovesItsLeftovers()
            throws Exception {
        Path photo = dsm.share("photo", 1);
        pythonPackageLayout("[paths]\nsource_dir = /volume1/photo/Photo Organizer\ndestination_root = /volume1/photo/\n"
                + "\n[duplicates]\ndelete = false\n");
        assertThat(upgradeWizardShare()).as("the upgrade asks nothing").isEqualTo("photo");

        Map<String, String> env = Map.of("SYNOPKG_OLD_PKGVER", "1.0.0-0009", "wizard_share", "photo");
        upgrade(env, () -> { });
        assertThat(config()).contains("share = photo\n", "inbox = Photo Organizer\n", "library = \n",
                "delete = false\n", "[runtime]");
        assertThat(dsm.var.resolve("config.ini.python")).content().contains("destination_root = /volume1/photo/");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .contains("upgraded from the original Python package 1.0.0-0009", "inbox Photo Organizer",
                        "delete duplicates false", dsm.pkgDir.resolve("config.ini").toString()));
        assertThat(dsm.root.resolve("usr/local/bin/photo_organizer")).doesNotExist();
        assertThat(Files.isSymbolicLink(dsm.root.resolve("usr/local/bin/photo_organizer"))).isFalse();
        assertThat(dsm.root.resolve("usr/local/bin/other-tool")).exists();
        // DSM replaced target/, the old ui with it; the desktop link now leads to this version's ui/ (the review
        // page's) and stays.
        assertThat(dsm.target.resolve("ui/index.html")).content().isNotEqualTo("<html>");
        assertThat(dsm.root.resolve("usr/syno/synoman/webman/3rdparty/PhotoOrganizer/texts/enu/strings")).exists();
        assertThat(dsm.pkgDir.resolve("config.ini")).doesNotExist();
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .startsWith("Removed what the Python Photo Organizer left behind").contains("photo_organizer"));
        assertThat(photo.resolve("Photo_Organizer_Statistics.json")).as("its logs in the library stay").exists();

        synoJava(17, "17.0.10");
        startOk();
        assertThat(after(javaArgs(), "--source")).isEqualTo(photo.resolve("Photo Organizer").toString());
        assertThat(after(javaArgs(), "--dest")).isEqualTo(photo.toString());
    }

    @Test
    void thePythonPackagesWizardKeysWinAndAreReadEvenIfItsUninstallDeletedTheFiles() throws Exception {
        dsm.share("Pictures", 2);
        pythonPackageLayout("[UI]\nUI_SRCDIR=\"/volume2/Pictures/Inbox\"\nUI_DSTDIR=\"/volume2/Pictures/Sorted\"\n"
                + "UI_DELETE_DUPS=\"true\"\n[paths]\nsource_dir = /volume1/photo/x\ndestination_root = /volume1/photo\n");
        assertThat(upgradeWizardShare()).isEqualTo("Pictures");
        Map<String, String> env = Map.of("SYNOPKG_OLD_PKGVER", "1.0.0-0009", "wizard_share", "Pictures");
        upgrade(env, () -> {
            try {
                // Its postuninst may clean up after itself: preupgrade saved what was needed.
                Files.delete(dsm.pkgDir.resolve("config.ini"));
                Files.delete(dsm.var.resolve("config.ini"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(config()).contains("share = Pictures\n", "inbox = Inbox\n", "library = Sorted\n", "delete = true\n");
    }
}
