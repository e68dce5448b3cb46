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
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.synology.SynologyDetector;

/**
 * The built .spk with the real service, through DSM's whole lifecycle in a simulated DSM tree:
 * preinst → postinst → start → photos dropped → status → stop → upgrade → start/stop → uninstall.
 * The JVM running the test stands in for SynoCommunity's Java package. Needs the shaded jar
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

    @Test
    void wholeLifecycleFilesPhotosCallsDsmToolsAndLosesNothing() throws Exception {
        Path jar = jar();
        Path spk = SimulatedDsm.buildSpk(SimulatedDsm.repo(), jar, dir.resolve("out"));
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        dsm = new SimulatedDsm(root);
        dsm.install(spk);
        Path java = root.resolve("var/packages/java-17-openjdk/target/bin/java");
        Files.createDirectories(java.getParent());
        Files.createSymbolicLink(java, Path.of(System.getProperty("java.home"), "bin", "java"));
        // /volume1 under the fake root makes the service see a NAS and wire the DSM adapters.
        dsm.env("PHOTO_ORGANIZER_JAVA_OPTS", "-D" + SynologyDetector.ROOT_PROPERTY + "=" + root);

        Path library = Files.createDirectories(root.resolve("volume1/photo"));
        Path inbox = library.resolve("PhotosToProcess");
        Map<String, String> wizard = Map.of("wizard_photo_share", "photo", "wizard_source_dir", inbox.toString(),
                "wizard_dest_dir", library.toString(), "wizard_delete_duplicates", "true");

        // Install.
        assertThat(dsm.run("preinst", "INSTALL", wizard).exitCode()).isZero();
        assertThat(dsm.run("postinst", "INSTALL", wizard).exitCode()).isZero();
        Path config = dsm.var.resolve("config.ini");
        assertThat(config).content().contains("source_dir = " + inbox, "destination_root = " + library);

        // Start returns at once and the service runs.
        SimulatedDsm.Run start = dsm.run("start-stop-status", "START", "start");
        assertThat(start.exitCode()).as(start.output() + start.tempLog() + dsm.serviceLog()).isZero();
        assertThat(start.took()).isLessThan(Duration.ofSeconds(15));
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();
        assertThat(inbox).isDirectory();

        // Drop photos: names with spaces, unicode, shell syntax and a leading dash.
        byte[] first = Jpegs.builder().seed(11).size(96, 64).dateTimeOriginal(LocalDateTime.of(2024, 8, 14, 13, 47, 57)).bytes();
        byte[] second = Jpegs.builder().seed(22).size(96, 64).dateTimeOriginal(LocalDateTime.of(2023, 1, 2, 3, 4, 5)).bytes();
        Path firstIn = drop(inbox, "IMG 1 ü;$(reboot).jpg", first);
        Path secondIn = drop(inbox, "-second.jpg", second);
        waitUntilEmpty(inbox);
        Path firstOut = library.resolve("2024/08_Aug/20240814_134757.jpg");
        Path secondOut = library.resolve("2023/01_Jan/20230102_030405.jpg");
        assertThat(firstOut).hasBinaryContent(first);
        assertThat(secondOut).hasBinaryContent(second);

        // An exact copy of a library photo is deleted (delete = true), the library copy untouched.
        Path copyIn = drop(inbox, "copy of first.jpg", first);
        waitUntilEmpty(inbox);
        assertThat(firstOut).hasBinaryContent(first);
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();

        List<List<String>> synoindex = dsm.calls("synoindex");
        assertThat(synoindex).contains(List.of("-a", firstOut.toString()), List.of("-a", secondOut.toString()),
                List.of("-d", firstIn.toString()), List.of("-d", secondIn.toString()), List.of("-d", copyIn.toString()));
        assertThat(synoindex).allSatisfy(c -> assertThat(c).hasSize(2));

        // Stop: TERM, the service logs its statistics and exits.
        SimulatedDsm.Run stop = dsm.run("start-stop-status", "STOP", "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.took()).isLessThan(Duration.ofSeconds(20));
        assertThat(dsm.run("start-stop-status", "STOP", "status").exitCode()).isEqualTo(3);
        Path systemLog = library.resolve("system_log.csv");
        assertThat(systemLog).content(StandardCharsets.UTF_8).contains("Statistics (service stopped)");
        assertThat(library.resolve("photo_organizer_log.csv")).content(StandardCharsets.UTF_8)
                .contains("File moved", "Duplicate Deleted");
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(String.join(" ", c))
                .contains("-t PhotoOrganizer -p user.info").contains("Synology NAS detected"));
        assertThat(dsm.calls("logger")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .startsWith("Photo Organizer started (pid"));
        assertThat(dsm.calls("synologset1")).anySatisfy(c -> assertThat(c)
                .startsWith("sys", "info", "0x11800000").last().asString().startsWith("Service started"));
        assertThat(dsm.calls("synologset1")).anySatisfy(c -> assertThat(c.get(c.size() - 1))
                .startsWith("Statistics (service stopped)"));

        // Upgrade keeps the user's configuration.
        Files.writeString(config, Files.readString(config) + "; my own note\n");
        assertThat(dsm.run("preupgrade", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("preuninst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postuninst", "UPGRADE").exitCode()).isZero();
        dsm.install(spk);
        assertThat(dsm.run("preinst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postinst", "UPGRADE").exitCode()).isZero();
        assertThat(dsm.run("postupgrade", "UPGRADE").exitCode()).isZero();
        assertThat(config).content().endsWith("; my own note\n").contains("source_dir = " + inbox);
        assertThat(dsm.run("start-stop-status", "START", "start").exitCode()).isZero();
        assertThat(dsm.run("start-stop-status", "START", "status").exitCode()).isZero();
        assertThat(dsm.run("start-stop-status", "STOP", "stop").exitCode()).isZero();

        // Uninstall: DSM removes the package folders; photos and logs stay.
        assertThat(dsm.run("preuninst", "UNINSTALL").exitCode()).isZero();
        assertThat(dsm.run("postuninst", "UNINSTALL").exitCode()).isZero();
        dsm.removePackageFolders();
        assertThat(firstOut).hasBinaryContent(first);
        assertThat(secondOut).hasBinaryContent(second);
        assertThat(systemLog).exists();
        assertThat(library.resolve("photo_organizer_log.csv")).exists();
        assertThat(library.resolve("photo_organizer_service.log")).content().contains("Photo Organizer started");
        try (Stream<Path> files = Files.walk(library)) {
            List<Path> jpegs = files.filter(p -> p.toString().endsWith(".jpg")).toList();
            assertThat(jpegs).containsExactlyInAnyOrder(firstOut, secondOut);
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
        throw new AssertionError("inbox not emptied within 90 s; service log:\n" + dsm.serviceLog());
    }
}
