package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds an .spk from a dummy jar with scripts/build-spk, unpacks it and checks every item SPEC asks for. */
class BuildSpkTest {

    @TempDir
    static Path dir;

    static Path repo;
    static Path jar;
    static Path spk;
    static Path unpacked;
    static Map<String, String> info;

    @BeforeAll
    static void build() throws Exception {
        repo = SimulatedDsm.repo();
        jar = dir.resolve("dummy.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("marker.txt"));
            j.write(("dummy " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        }
        spk = SimulatedDsm.buildSpk(repo, jar, dir.resolve("out"));
        unpacked = dir.resolve("unpacked");
        Files.createDirectories(unpacked);
        SimulatedDsm.exec(List.of("tar", "-xf", spk.toString(), "-C", unpacked.toString()));
        info = parseInfo(Files.readString(unpacked.resolve("INFO"), StandardCharsets.UTF_8));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^([a-z_0-9]+)=\"([^\"]*)\"$");
        for (String l : text.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as("INFO line %s", l).isTrue();
            map.put(m.group(1), m.group(2));
        }
        return map;
    }

    static String pomVersion() throws IOException {
        String pom = Files.readString(repo.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>photo-organizer</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void outerArchiveIsAnUncompressedTarNamedAfterTheVersion() throws Exception {
        byte[] head = Files.readAllBytes(spk);
        assertThat(head.length).isGreaterThan(512);
        assertThat(head[0] == (byte) 0x1f && head[1] == (byte) 0x8b).as("not gzip").isFalse();
        assertThat(new String(head, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(spk.getFileName().toString()).isEqualTo("PhotoOrganizer-" + info.get("version") + ".spk");
        String listing = SimulatedDsm.execOutput(List.of("tar", "-tf", spk.toString()));
        assertThat(listing.lines().map(s -> s.replaceAll("/$", "")).toList()).contains("INFO", "package.tgz",
                "scripts", "conf", "conf/privilege", "conf/resource", "WIZARD_UIFILES/install_uifile", "LICENSE",
                "PACKAGE_ICON.PNG", "PACKAGE_ICON_256.PNG");
    }

    @Test
    void infoHasTheRequiredFieldsAndTheChecksumOfPackageTgz() throws Exception {
        assertThat(info).containsKeys("package", "version", "os_min_ver", "description", "arch", "maintainer");
        assertThat(info.values()).allSatisfy(v -> assertThat(v).isNotBlank());
        assertThat(info.get("package")).isEqualTo("PhotoOrganizer");
        assertThat(info.get("version")).matches(Pattern.quote(pomVersion()) + "-[0-9]{4}");
        assertThat(info.get("arch")).isEqualTo("noarch");
        assertThat(info.get("os_min_ver")).isEqualTo("7.0-40000");
        assertThat(info.get("displayname")).isEqualTo("Photo Organizer and Deduplicator");
        assertThat(info).doesNotContainKey("firmware");
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(unpacked.resolve("package.tgz")));
        assertThat(info.get("checksum")).isEqualTo(HexFormat.of().formatHex(md5));
    }

    @Test
    void packageTgzHoldsTheJarTheHelperAndTheSharedScriptCode() throws Exception {
        Path pkg = dir.resolve("pkg");
        Files.createDirectories(pkg);
        SimulatedDsm.exec(List.of("tar", "-xzf", unpacked.resolve("package.tgz").toString(), "-C", pkg.toString()));
        assertThat(pkg.resolve("lib/photo-organizer.jar")).hasSameBinaryContentAs(jar);
        assertThat(pkg.resolve("lib/package-common.sh")).hasSameTextualContentAs(repo.resolve("spk/scripts/common"));
        assertThat(Files.getPosixFilePermissions(pkg.resolve("bin/photo-organizer")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        String owners = SimulatedDsm.execOutput(List.of("tar", "-tvzf", unpacked.resolve("package.tgz").toString()));
        assertThat(owners.lines()).allSatisfy(l -> assertThat(l).contains(" 0/0 "));
    }

    @Test
    void lifecycleScriptsAreAllThereAndExecutable() throws Exception {
        for (String s : List.of("preinst", "postinst", "preuninst", "postuninst", "preupgrade", "postupgrade",
                "start-stop-status")) {
            Path p = unpacked.resolve("scripts").resolve(s);
            assertThat(p).exists();
            assertThat(Files.getPosixFilePermissions(p)).as(s).contains(PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
            assertThat(Files.readString(p)).startsWith("#!/bin/sh\n");
        }
        assertThat(unpacked.resolve("scripts/common")).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void privilegeRunsAsPackageAndResourceGrantsThatUserTheShare() throws Exception {
        Map<String, Object> privilege = (Map<String, Object>) MiniJson.parse(
                Files.readString(unpacked.resolve("conf/privilege")));
        assertThat((Map<String, Object>) privilege.get("defaults")).containsEntry("run-as", "package");
        String user = (String) privilege.getOrDefault("username", info.get("package"));

        Map<String, Object> resource = (Map<String, Object>) MiniJson.parse(
                Files.readString(unpacked.resolve("conf/resource")));
        List<Object> shares = (List<Object>) ((Map<String, Object>) resource.get("data-share")).get("shares");
        assertThat(shares).hasSize(1);
        Map<String, Object> share = (Map<String, Object>) shares.get(0);
        assertThat((String) share.get("name")).matches("\\{\\{wizard_[a-z_]+}}");
        assertThat((List<Object>) ((Map<String, Object>) share.get("permission")).get("rw")).containsExactly(user);
    }

    @Test
    @SuppressWarnings("unchecked")
    void installWizardAsksForSourceDestinationAndDuplicateDeletion() throws Exception {
        List<Object> steps = (List<Object>) MiniJson.parse(
                Files.readString(unpacked.resolve("WIZARD_UIFILES/install_uifile")));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Object step : steps) {
            assertThat((String) ((Map<String, Object>) step).get("step_title")).isNotBlank();
            for (Object item : (List<Object>) ((Map<String, Object>) step).get("items")) {
                Map<String, Object> it = (Map<String, Object>) item;
                for (Object sub : (List<Object>) it.get("subitems")) {
                    Map<String, Object> s = (Map<String, Object>) sub;
                    keys.put((String) s.get("key"), it.get("type"));
                    assertThat((String) s.get("desc")).isNotBlank();
                }
            }
        }
        assertThat(keys).containsEntry("wizard_source_dir", "textfield")
                .containsEntry("wizard_dest_dir", "textfield")
                .containsEntry("wizard_delete_duplicates", "multiselect");
        // The share the resource file names must be asked for too, or DSM gets an empty share name.
        String resource = Files.readString(unpacked.resolve("conf/resource"));
        Matcher m = Pattern.compile("\\{\\{(wizard_[a-z_]+)}}").matcher(resource);
        while (m.find()) {
            assertThat(keys).containsKey(m.group(1));
            assertThat(Files.readString(unpacked.resolve("WIZARD_UIFILES/upgrade_uifile"))).contains(m.group(1));
        }
        MiniJson.parse(Files.readString(unpacked.resolve("WIZARD_UIFILES/upgrade_uifile")));
    }

    @Test
    void iconsAreRealPngsOfTheRightSize() throws Exception {
        BufferedImage small = ImageIO.read(unpacked.resolve("PACKAGE_ICON.PNG").toFile());
        BufferedImage large = ImageIO.read(unpacked.resolve("PACKAGE_ICON_256.PNG").toFile());
        assertThat(small.getWidth()).isEqualTo(64);
        assertThat(small.getHeight()).isEqualTo(64);
        assertThat(large.getWidth()).isEqualTo(256);
        assertThat(large.getHeight()).isEqualTo(256);
        // Not blank: the centre differs from the corner.
        assertThat(large.getRGB(128, 128)).isNotEqualTo(large.getRGB(0, 0));
    }

    @Test
    void licenseIsTheRepositoryLicense() {
        assertThat(unpacked.resolve("LICENSE")).hasSameTextualContentAs(repo.resolve("LICENSE"));
        assertThat(unpacked.resolve("LICENSE")).content().contains("MIT License");
    }

    @Test
    void buildNumberAndVersionCanBeGivenAndBadOnesAreRefused() throws Exception {
        Path out = dir.resolve("out2");
        Path built = SimulatedDsm.buildSpk(repo, jar, out, "--build", "0042");
        assertThat(built.getFileName().toString()).isEqualTo("PhotoOrganizer-" + pomVersion() + "-0042.spk");
        assertThat(SimulatedDsm.execOutput(List.of("tar", "-xOf", built.toString(), "INFO")))
                .contains("version=\"" + pomVersion() + "-0042\"");
        assertThatThrownBy(() -> SimulatedDsm.buildSpk(repo, jar, out, "--version", "1.1.0"))
                .hasMessageContaining("not like");
        assertThatThrownBy(() -> SimulatedDsm.buildSpk(repo, dir.resolve("missing.jar"), out))
                .hasMessageContaining("no jar");
    }
}
