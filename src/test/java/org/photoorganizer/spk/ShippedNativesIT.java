package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every native binary the package ships runs on every supported NAS: the real shaded jar, and the .spk
 * built from it as scripts/build-spk builds it, read entry by entry (archives inside archives too). Fails
 * on an ELF needing a GLIBC version above 2.26 and on any binary for another OS, naming each.
 */
class ShippedNativesIT {
    @TempDir
    Path dir;

    @Test
    void theJarAndTheSpkShipNothingANasCannotRun() throws Exception {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        assertThat(jar).as("build the jar first (mvn package)").isRegularFile();
        Path spk = SimulatedDsm.buildSpk(SimulatedDsm.repo(), jar, dir.resolve("out"));

        for (Path shipped : new Path[] {jar, spk}) {
            NativeLibraryChecker.Report report = NativeLibraryChecker.check(shipped);
            System.out.printf("%s: %d files looked at, native binaries: %s%n", shipped.getFileName(),
                    report.filesLookedAt(), report.natives().isEmpty() ? "none" : report.natives());

            assertThat(report.filesLookedAt()).as("the archive was opened, not taken as one file")
                    .isGreaterThan(100);
            assertThat(report.problems()).as("natives a NAS with glibc 2.26 or no Windows/macOS cannot run")
                    .isEmpty();
        }
        assertThat(Files.size(jar)).isPositive();
    }
}
