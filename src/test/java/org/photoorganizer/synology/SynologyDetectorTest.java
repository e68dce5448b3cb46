package org.photoorganizer.synology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynologyDetectorTest {

    @TempDir
    Path root;

    @Test
    void plainLinuxIsNotSynology() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "box\n");
        SynologyDetector d = new SynologyDetector(root);
        assertThat(d.isSynology()).isFalse();
        assertThat(d.dsmVersion()).isEmpty();
    }

    @Test
    void synoinfoConfMarksSynology() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/synoinfo.conf"), "unique=\"synology_x\"\n");
        assertThat(new SynologyDetector(root).isSynology()).isTrue();
    }

    @Test
    void volume1MarksSynologyButAFileNamedVolume1DoesNot() throws Exception {
        Files.writeString(root.resolve("volume1"), "");
        assertThat(new SynologyDetector(root).isSynology()).isFalse();
        Files.delete(root.resolve("volume1"));
        Files.createDirectories(root.resolve("volume1/photo"));
        assertThat(new SynologyDetector(root).isSynology()).isTrue();
    }

    @Test
    void versionFileMarksSynologyAndGivesTheVersion() throws Exception {
        Files.createDirectories(root.resolve("etc.defaults"));
        Files.writeString(root.resolve("etc.defaults/VERSION"), """
                majorversion="7"
                minorversion="2"
                productversion="7.2.1"
                buildphase="GM"
                buildnumber="69057"
                """);
        SynologyDetector d = new SynologyDetector(root);
        assertThat(d.isSynology()).isTrue();
        assertThat(d.dsmVersion()).contains("7.2.1-69057");
    }

    @Test
    void versionWithoutProductVersionIsEmpty() throws Exception {
        Files.createDirectories(root.resolve("etc.defaults"));
        Files.writeString(root.resolve("etc.defaults/VERSION"), "buildnumber=\"1\"\n");
        assertThat(new SynologyDetector(root).dsmVersion()).isEmpty();
    }

    @Test
    void noArgumentConstructorHonoursTheRootProperty() throws Exception {
        Files.createDirectories(root.resolve("volume1"));
        String before = System.getProperty(SynologyDetector.ROOT_PROPERTY);
        System.setProperty(SynologyDetector.ROOT_PROPERTY, root.toString());
        try {
            assertThat(new SynologyDetector().isSynology()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(SynologyDetector.ROOT_PROPERTY);
            } else {
                System.setProperty(SynologyDetector.ROOT_PROPERTY, before);
            }
        }
    }
}
