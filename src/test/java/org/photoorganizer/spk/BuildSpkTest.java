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
        // Package Center installs SynoCommunity's Java first; the description says which source that needs.
        assertThat(info.get("install_dep_packages")).isEqualTo("java-17-openjdk");
        assertThat(info.get("description")).contains("SynoCommunity", "package source", "Java 17");
        assertThat(info.get("maintainer_url")).startsWith("https://");
        assertThat(info.get("helpurl")).startsWith("https://");
        assertThat(info.get("support_url")).startsWith("https://");
        assertThat(info.get("changelog")).contains("Python package").doesNotContain("\n");
        // prestart/prestop are only called with this (Developer Guide, "scripts").
        assertThat(info.get("precheckstartstop")).isEqualTo("yes");
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
        assertThat(pkg.resolve("conf/jvm.options")).hasSameTextualContentAs(repo.resolve("conf/jvm.options"));
        // The service configures its logging in code: no XML parser kept in memory to read five settings.
        assertThat(pkg.resolve("conf/logback.xml")).doesNotExist();
        assertThat(pkg.resolve("etc/logrotate.conf")).content().contains("/var/packages/PhotoOrganizer/var/");
        assertThat(pkg.resolve("ui/texts/enu/strings")).content().contains("[notify]", "title=", "files_failed=");
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
        assertThat((String) share.get("name")).isEqualTo("{{wizard_share}}");
        assertThat((List<Object>) ((Map<String, Object>) share.get("permission")).get("rw")).containsExactly(user);
        // syslog-config installs the logrotate file shipped in package.tgz.
        String logrotate = (String) ((Map<String, Object>) resource.get("syslog-config")).get("logrotate-relpath");
        assertThat(SimulatedDsm.execOutput(List.of("tar", "-tzf", unpacked.resolve("package.tgz").toString())))
                .contains("./" + logrotate);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> wizardFields(Path file) throws IOException {
        List<Object> steps = (List<Object>) MiniJson.parse(Files.readString(file));
        Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
        for (Object step : steps) {
            assertThat((String) ((Map<String, Object>) step).get("step_title")).isNotBlank();
            for (Object item : (List<Object>) ((Map<String, Object>) step).get("items")) {
                Map<String, Object> it = (Map<String, Object>) item;
                for (Object sub : (List<Object>) it.getOrDefault("subitems", List.of())) {
                    Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) sub);
                    s.put("type", it.get("type"));
                    assertThat((String) s.get("desc")).isNotBlank();
                    keys.put((String) s.get("key"), s);
                }
            }
        }
        return keys;
    }

    @Test
    void theInstallWizardAsksForTheShareTheTwoFoldersInItAndDuplicateDeletion() throws Exception {
        Map<String, Map<String, Object>> keys = wizardFields(unpacked.resolve("WIZARD_UIFILES/install_uifile"));
        assertThat(keys.keySet()).containsExactly("wizard_share", "wizard_inbox", "wizard_library",
                "wizard_delete_duplicates");
        assertThat(keys.get("wizard_share")).containsEntry("type", "textfield").containsEntry("defaultValue", "photo");
        assertThat(keys.get("wizard_inbox")).containsEntry("defaultValue", "PhotosToProcess");
        assertThat(keys.get("wizard_delete_duplicates")).containsEntry("type", "multiselect");
        // Every {{wizard_...}} the resource file names is asked for, or DSM gets an empty share name.
        Matcher m = Pattern.compile("\\{\\{(wizard_[a-z_]+)}}").matcher(Files.readString(unpacked.resolve("conf/resource")));
        while (m.find()) {
            assertThat(keys).containsKey(m.group(1));
        }
        // No static upgrade wizard: upgrade_uifile.sh answers the share from the kept settings.
        assertThat(unpacked.resolve("WIZARD_UIFILES/upgrade_uifile")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(unpacked.resolve("WIZARD_UIFILES/upgrade_uifile.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void theUninstallWizardOffersToKeepOrRemoveTheSettings() throws Exception {
        Map<String, Map<String, Object>> keys = wizardFields(unpacked.resolve("WIZARD_UIFILES/uninstall_uifile"));
        assertThat(keys.keySet()).containsExactly("wizard_keep_settings", "wizard_remove_settings");
        assertThat(keys.get("wizard_keep_settings")).containsEntry("type", "singleselect").containsEntry("defaultValue", true);
        assertThat(keys.get("wizard_remove_settings")).containsEntry("defaultValue", false);
    }

    /** The wizard's regex (ExtJS "/.../" form) as a Java pattern: the syntax used is common to both. */
    @SuppressWarnings("unchecked")
    static Pattern wizardRegex(Map<String, Object> field) {
        String expr = (String) ((Map<String, Object>) ((Map<String, Object>) field.get("validator")).get("regex")).get("expr");
        assertThat(expr).startsWith("/^").endsWith("$/");
        return Pattern.compile(expr.substring(1, expr.length() - 1));
    }

    private static boolean shellAccepts(String function, String value, String extra) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", ". \"$1\"; " + function + " \"$2\" " + extra, "check",
                repo.resolve("spk/scripts/common").toString(), value).redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void wizardRegexesAreAnchoredAndAgreeWithTheScriptsChecks() throws Exception {
        Map<String, Map<String, Object>> keys = wizardFields(unpacked.resolve("WIZARD_UIFILES/install_uifile"));
        Pattern share = wizardRegex(keys.get("wizard_share"));
        Pattern inbox = wizardRegex(keys.get("wizard_inbox"));
        Pattern library = wizardRegex(keys.get("wizard_library"));
        Map<String, Boolean> shares = new LinkedHashMap<>();
        for (String ok : List.of("photo", "Fotos Familie", "photo_2", "日本の写真")) {
            shares.put(ok, true);
        }
        for (String bad : List.of("", "photo/x", "/volume1/photo", "usbshare1", "usbshare1-2", "satashare1", ".hidden",
                "@eaDir", "#recycle", "a:b", "x=y", "a[1]", "photo\n", "abcdefghijklmnopqrstuvwxyz0123456")) {
            shares.put(bad, false);
        }
        for (Map.Entry<String, Boolean> e : shares.entrySet()) {
            assertThat(share.matcher(e.getKey()).matches()).as("wizard share %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(shellAccepts("valid_share", e.getKey(), "")).as("script share %s", e.getKey()).isEqualTo(e.getValue());
        }
        Map<String, Boolean> folders = new LinkedHashMap<>();
        for (String ok : List.of("PhotosToProcess", "Inbox/Phone", "Fotos ü", "a.b")) {
            folders.put(ok, true);
        }
        for (String bad : List.of("/In", "/volume1/photo/In", "../In", "In/..", "a/../b", "a//b", "In/", ".In", "@eaDir",
                "x/#recycle", "a:b", "a*b")) {
            folders.put(bad, false);
        }
        for (Map.Entry<String, Boolean> e : folders.entrySet()) {
            assertThat(inbox.matcher(e.getKey()).matches()).as("wizard inbox %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(library.matcher(e.getKey()).matches()).as("wizard library %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(shellAccepts("valid_folder", e.getKey(), "")).as("script folder %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
        // The library may be empty (the share itself), the inbox may not; "abc" inside a longer value must not pass.
        assertThat(library.matcher("").matches()).isTrue();
        assertThat(inbox.matcher("").matches()).isFalse();
        assertThat(shellAccepts("valid_folder", "", "empty-ok")).isTrue();
        assertThat(shellAccepts("valid_folder", "", "")).isFalse();
        assertThat(share.matcher("x/photo").find()).as("anchored").isFalse();
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
