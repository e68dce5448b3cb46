package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.synology.SynologyDetector;

/**
 * The built .spk with the real service, through DSM's lifecycle in a simulated DSM tree, as the package user:
 * preinst → postinst → prestart → start (waits for readiness) → photos dropped → status → stop → upgrade →
 * start/stop. A Java 17 runtime stands in for SynoCommunity's java-17-openjdk package. Needs the shaded jar
 * (system property {@code photoorganizer.jar}, default target/photo-organizer.jar): skipped until it exists.
 */
class SpkLifecycleIT {

    @TempDir
    Path dir;

    private SimulatedDsm dsm;

    @AfterEach
    void stopService() throws Exception {
        if (dsm != null && Files.exists(dsm.scripts)) {
            dsm.run("start-stop-status", "STOP", "stop");
        }
        if (dsm != null) {
            dsm.removeLinks();
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn package first (skipping)");
        try (JarFile j = new JarFile(jar.toFile())) {
            assumeTrue(j.getEntry("org/photoorganizer/app/Main.class") != null,
                    jar + " has no org.photoorganizer.app.Main yet (skipping)");
        } catch (IOException e) {
            assumeTrue(false, jar + " is not a readable jar: " + e);
        }
        return jar;
    }

    /** A Java 17 runtime: the distribution's when there is one, else the one running the tests if it is 17. */
    static Path java17() throws Exception {
        for (String home : List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64",
                "/usr/lib/jvm/java-17-openjdk", System.getProperty("java.home"))) {
            Path java = Path.of(home, "bin", "java");
            if (Files.isExecutable(java)
                    && SimulatedDsm.execOutput(List.of(java.toString(), "-version")).contains("version \"17.")) {
                return java;
            }
        }
        throw new AssertionError("no Java 17 runtime found: the package's oldest supported Java must be tested");
    }

    @Test
    void theRealServiceStartsWithThePackageLauncherOnJava17FilesPhotosAndRotatesItsLogUnderLoad() throws Exception {
        Path jar = jar();
        Path spk = SimulatedDsm.buildSpk(SimulatedDsm.repo(), jar, dir.resolve("out"));
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        dsm = new SimulatedDsm(root, "dash");
        dsm.install(spk);
        Path synoJava = root.resolve("var/packages/java-17-openjdk/target/bin/java");
        Files.createDirectories(synoJava.getParent());
        Files.createSymbolicLink(synoJava, java17());
        Files.createDirectories(root.resolve("usr/lib/locale/C.utf8"));
        // /volume1 under the fake root makes the service see a NAS and wire the DSM adapters. The service log
        // rotates at 6 KB, looked at every 200 ms, with every filed photo logged (DEBUG): rotation under load.
        dsm.env("PHOTO_ORGANIZER_JAVA_OPTS", "-D" + SynologyDetector.ROOT_PROPERTY + "=" + root
                + " -Dphotoorganizer.log.max=6KB -Dphotoorganizer.log.check=200milliseconds"
                + " -Dphotoorganizer.log.level=DEBUG");
        Files.createDirectories(root.resolve("volume1"));
        Path share = dsm.share("Photos", 2);
        Path inbox = share.resolve("PhotosToProcess");
        Map<String, String> wizard = Map.of("wizard_share", "Photos", "wizard_inbox", "PhotosToProcess",
                "wizard_library", "", "wizard_delete_duplicates", "true");

        // Install, then start as Package Center does: prestart, start.
        assertThat(dsm.run("preinst", "INSTALL", wizard).exitCode()).isZero();
        assertThat(dsm.run("postinst", "INSTALL", wizard).exitCode()).isZero();
        SimulatedDsm.Run prestart = dsm.run("start-stop-status", "START", "prestart");
        assertThat(prestart.exitCode()).as(prestart.output() + prestart.tempLog()).isZero();
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog() + dsm.serviceOut() + dsm.serviceLog()).isZero();
        // start returned once the service said it was ready: its index is open and the inbox watched.
        long pid = Long.parseLong(Files.readString(dsm.var.resolve("photo-organizer.pid")).strip());
        assertThat(dsm.pkgTmp.resolve("ready")).hasContent(Long.toString(pid));
        assertThat(share.resolve(".photo-organizer")).isDirectory();
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();
        assertThat(inbox).isDirectory();
        Path systemLog = share.resolve("system_log.csv");
        // The Java the launcher found is 17, and the package's conf/jvm.options (-Xmx128m) reached it.
        String started = Files.readString(systemLog, StandardCharsets.UTF_8);
        assertThat(started).contains("Synology NAS detected", "; Java 17.");
        Matcher heap = Pattern.compile("max heap (\\d+) MB").matcher(started);
        assertThat(heap.find()).isTrue();
        assertThat(Integer.parseInt(heap.group(1))).isBetween(64, 128);
        // The first start archived the classes of conf/cds.classlist for this Java, and the JVM maps the archive
        // (a JVM that finds an archive unusable runs without mapping it, so /proc shows whether it took it).
        Path archive = dsm.var.resolve("cds/photo-organizer.jsa");
        assertThat(archive).as(dsm.var.resolve("cds/dump.log") + ": " + dsm.serviceLog()).isNotEmptyFile();
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        if (Files.isReadable(maps)) {
            assertThat(Files.readString(maps)).contains(archive.toRealPath().toString());
        }

        // Load: photos whose names have spaces, accents, shell syntax and a leading dash.
        int count = 40;
        List<Path> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDateTime when = LocalDateTime.of(2020 + i % 5, 1 + i % 12, 1 + i % 28, 10, i, 0);
            byte[] photo = Jpegs.builder().seed(100 + i).size(64, 48).dateTimeOriginal(when).bytes();
            String name = switch (i % 4) {
                case 0 -> "IMG " + i + " ü.jpg";
                case 1 -> "-" + i + ".jpg";
                case 2 -> "x;$(reboot) " + i + ".jpg";
                default -> "日本 " + i + ".jpg";
            };
            drop(inbox, name, photo);
            expected.add(share.resolve(String.format("%04d/%02d_%s/%04d%02d%02d_%02d%02d00.jpg", when.getYear(),
                    when.getMonthValue(), when.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), when.getYear(), when.getMonthValue(), when.getDayOfMonth(), 10, i)));
        }
        waitUntilEmpty(inbox);
        // The size is looked at with a log line at least 200 ms after the last look: the 40 may all be filed
        // within one such window, so one more photo comes after it.
        Thread.sleep(300);
        LocalDateTime last = LocalDateTime.of(2019, 6, 15, 12, 0, 0);
        drop(inbox, "later.jpg", Jpegs.builder().seed(99).size(64, 48).dateTimeOriginal(last).bytes());
        expected.add(share.resolve("2019/06_Jun/20190615_120000.jpg"));
        waitUntilEmpty(inbox);
        for (Path p : expected) {
            assertThat(p).exists();
        }
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();

        // The service log rotated while the service ran, and no line was lost to it.
        Path log = dsm.var.resolve("photo-organizer.log");
        Thread.sleep(500);
        assertThat(dsm.var.resolve("photo-organizer.log.1")).as("log of %d bytes:\n%s\nout:\n%s", Files.size(log),
                dsm.serviceLog(), dsm.serviceOut()).exists();
        StringBuilder all = new StringBuilder();
        for (String suffix : List.of(".3", ".2", ".1", "")) {
            Path part = dsm.var.resolve("photo-organizer.log" + suffix);
            if (Files.exists(part)) {
                assertThat(Files.size(part)).isLessThan(64 * 1024);
                all.append(Files.readString(part, StandardCharsets.UTF_8));
            }
        }
        assertThat(all.toString().lines().filter(l -> l.contains("DEBUG OperationLog: File moved:")).count())
                .isEqualTo(expected.size());

        // Stop: TERM, the service logs its statistics and exits; it writes into the rotated log.
        SimulatedDsm.Run stop = dsm.run("start-stop-status", "STOP", "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(dsm.run("start-stop-status", "STOP", "status").exitCode()).isEqualTo(3);
        assertThat(dsm.pkgTmp.resolve("ready")).doesNotExist();
        assertThat(systemLog).content(StandardCharsets.UTF_8).contains("Statistics (service stopped)");
        assertThat(log).content(StandardCharsets.UTF_8).contains("Service stopped");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(String.join(" ", c))
                .contains("-t PhotoOrganizer -p user.info").contains("Synology NAS detected"));
        assertThat(dsm.calls("synologset1")).isEmpty();
        assertThat(dsm.calls("synoindex")).as("opt-in, off by default").isEmpty();

        // Upgrade from the previous version keeps the configuration and the service starts again.
        Files.writeString(dsm.var.resolve("config.ini"), Files.readString(dsm.var.resolve("config.ini")) + "; my note\n");
        Map<String, String> upgrade = Map.of("SYNOPKG_OLD_PKGVER", "1.1.0-0001", "wizard_share", "Photos");
        assertThat(dsm.run("preupgrade", "UPGRADE", upgrade).exitCode()).isZero();
        assertThat(dsm.run("preuninst", "UPGRADE", upgrade).exitCode()).isZero();
        assertThat(dsm.run("postuninst", "UPGRADE", upgrade).exitCode()).isZero();
        dsm.install(spk);
        assertThat(dsm.run("preinst", "UPGRADE", upgrade).exitCode()).isZero();
        assertThat(dsm.run("postinst", "UPGRADE", upgrade).exitCode()).isZero();
        assertThat(dsm.run("postupgrade", "UPGRADE", upgrade).exitCode()).isZero();
        assertThat(dsm.var.resolve("config.ini")).content().endsWith("; my note\n").contains("share = Photos");
        SimulatedDsm.Run again = dsm.run("start-stop-status", "START", "start");
        assertThat(again.exitCode()).as(again.output() + again.tempLog() + dsm.serviceOut()).isZero();
        assertThat(dsm.run("start-stop-status", "STOP", "stop").exitCode()).isZero();
        for (Path p : expected) {
            assertThat(p).exists();
        }
    }

    /** Writes next to the inbox and moves in, so the service never sees a half-written file. */
    private static Path drop(Path inbox, String name, byte[] content) throws IOException {
        Path staging = Files.createDirectories(inbox.resolveSibling(".staging"));
        Path tmp = staging.resolve(name);
        Files.write(tmp, content);
        return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void waitUntilEmpty(Path inbox) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.walk(inbox)) {
                // Hidden files (the service's own instance lock among them) are never touched.
                if (files.noneMatch(file -> Files.isRegularFile(file) && !file.getFileName().toString().startsWith("."))) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("inbox not emptied within 90 s; service log:\n" + dsm.serviceLog() + dsm.serviceOut());
    }
}
