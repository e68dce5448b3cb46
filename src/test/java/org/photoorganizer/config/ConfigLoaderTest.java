package org.photoorganizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ini4j.Ini;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path temp;
    Path source;
    Path dest;

    @BeforeEach
    void setUp() throws Exception {
        source = Files.createDirectories(temp.resolve("in"));
        dest = Files.createDirectories(temp.resolve("lib"));
    }

    private Path ini(String name, String body) throws Exception {
        return Files.writeString(temp.resolve(name), body);
    }

    private String paths() {
        return "[paths]\nsource_dir = " + source + "\ndestination_root = " + dest + "\n";
    }

    private Config load(List<Path> search) throws ConfigException {
        return new ConfigLoader(search, false, temp).load(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void theFirstReadableFileOfTheSearchPathWins() throws Exception {
        Path second = ini("second.ini", paths() + "[duplicates]\ndelete = no\n");
        Path third = ini("third.ini", paths() + "[duplicates]\ndelete = yes\n");

        Config config = load(List.of(temp.resolve("missing.ini"), second, third));

        assertThat(config.configFile()).isEqualTo(second);
        assertThat(config.deleteDuplicates()).isFalse();
    }

    @Test
    void anExplicitFileReplacesTheSearchAndCommandLineDirsOverrideIt() throws Exception {
        Path other = Files.createDirectories(temp.resolve("other"));
        Path explicit = ini("explicit.ini", paths());

        Config config = new ConfigLoader(List.of(ini("found.ini", "[duplicates]\ndelete=false\n")), false, temp)
                .load(Optional.of(explicit), Optional.of(other), Optional.empty());

        assertThat(config.sourceDir()).isEqualTo(other);
        assertThat(config.destinationRoot()).isEqualTo(dest);
        assertThat(config.deleteDuplicates()).isTrue();
    }

    @Test
    void defaultsOffTheNasAreLocalFoldersCreatedOnDemand() throws Exception {
        Config config = load(List.of());

        assertThat(config.sourceDir()).isEqualTo(temp.resolve("PhotosToProcess")).isDirectory();
        assertThat(config.destinationRoot()).isEqualTo(temp.resolve("Photos")).isDirectory();
        assertThat(config.logDir()).isEqualTo(config.destinationRoot());
        assertThat(config.settle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.idleStats()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.folderPattern()).isEqualTo("{yyyy}/{MM}_{Mmm}");
        assertThat(config.deleteDuplicates()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "yes", "Y", "y"})
    void trueSpellings(String value) throws Exception {
        assertThat(load(List.of(ini("c.ini", paths() + "[duplicates]\ndelete = " + value + "\n")))
                .deleteDuplicates()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "No", "n"})
    void falseSpellings(String value) throws Exception {
        assertThat(load(List.of(ini("c.ini", paths() + "[duplicates]\ndelete = " + value + "\n")))
                .deleteDuplicates()).isFalse();
    }

    @Test
    void settleTimeNeverGoesBelowHalfASecond() throws Exception {
        assertThat(load(List.of(ini("c.ini", paths() + "[processing]\nsettle_seconds = 0.1\n"))).settle())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsNonsenseWithAMessageThatNamesTheKey() throws Exception {
        assertThatThrownBy(() -> load(List.of(ini("a.ini", paths() + "[duplicates]\ndelete = maybe\n"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[duplicates] delete");
        assertThatThrownBy(() -> load(List.of(ini("b.ini", paths() + "[duplicates]\nsimilar_threshold = 99\n"))))
                .hasMessageContaining("similar_threshold");
        assertThatThrownBy(() -> load(List.of(ini("c.ini", paths() + "[processing]\nfolder_pattern = {MM}\n"))))
                .hasMessageContaining("folder_pattern");
        assertThatThrownBy(() -> load(List.of(ini("d.ini", paths() + "[processing]\nfolder_pattern = ../{yyyy}\n"))))
                .hasMessageContaining("folder_pattern");
        assertThatThrownBy(() -> load(List.of(ini("e.ini", paths() + "[processing]\nsettle_seconds = soon\n"))))
                .hasMessageContaining("settle_seconds");
    }

    @Test
    void rejectsMissingFoldersAndFoldersInsideEachOther() throws Exception {
        assertThatThrownBy(() -> load(List.of(ini("a.ini", "[paths]\nsource_dir = " + temp.resolve("nope")
                + "\ndestination_root = " + dest + "\n")))).hasMessageContaining("does not exist");
        Path insideSource = Files.createDirectories(source.resolve("lib"));
        assertThatThrownBy(() -> load(List.of(ini("b.ini", "[paths]\nsource_dir = " + source
                + "\ndestination_root = " + insideSource + "\n")))).hasMessageContaining("inside the source");
        Path inDuplicates = Files.createDirectories(dest.resolve("Duplicates/in"));
        assertThatThrownBy(() -> load(List.of(ini("c.ini", "[paths]\nsource_dir = " + inDuplicates
                + "\ndestination_root = " + dest + "\n")))).hasMessageContaining("inside the library");
        assertThatThrownBy(() -> load(List.of(ini("d.ini", "[paths]\nsource_dir = " + dest
                + "\ndestination_root = " + dest + "\n")))).hasMessageContaining("the same");
    }

    @Test
    void folderNamesWithSemicolonsHashesAndSpacesAreTakenLiterally() throws Exception {
        Path odd = Files.createDirectories(temp.resolve("Fotos; Urlaub #1 $(x)"));

        Config config = load(List.of(ini("c.ini", "[paths]\nsource_dir = " + odd + "\ndestination_root = " + dest
                + "\n")));

        assertThat(config.sourceDir()).isEqualTo(odd);
    }

    @Test
    void theNasDefaultInboxInsideThePhotoShareIsAllowed() throws Exception {
        Path inbox = Files.createDirectories(dest.resolve("PhotosToProcess"));

        Config config = load(List.of(ini("c.ini", "[paths]\nsource_dir = " + inbox + "\ndestination_root = " + dest
                + "\n")));

        assertThat(config.sourceDir()).isEqualTo(inbox);
    }

    @Test
    void theDocumentedConfigFileListsEveryKeyWithItsDefault() throws Exception {
        Path documented = Path.of(System.getProperty("photoorganizer.basedir", ".")).resolve("conf/config.ini");
        Ini ini = new Ini();
        try (Reader reader = Files.newBufferedReader(documented)) {
            ini.load(reader);
        }
        Config defaults = load(List.of());

        assertThat(ini.get("paths", "source_dir")).isEqualTo("/volume1/photo/PhotosToProcess");
        assertThat(ini.get("paths", "destination_root")).isEqualTo("/volume1/photo");
        assertThat(ConfigLoader.parseBoolean("delete", ini.get("duplicates", "delete")))
                .isEqualTo(defaults.deleteDuplicates());
        assertThat(Integer.parseInt(ini.get("duplicates", "similar_threshold"))).isEqualTo(defaults.similarThreshold());
        assertThat(Double.parseDouble(ini.get("processing", "settle_seconds")))
                .isEqualTo(defaults.settle().toMillis() / 1000.0);
        assertThat(Double.parseDouble(ini.get("processing", "idle_stats_seconds")))
                .isEqualTo(defaults.idleStats().toSeconds());
        assertThat(ini.get("processing", "folder_pattern")).isEqualTo(defaults.folderPattern());
        assertThat(Files.readString(documented)).contains("[logging]", "dir =", "[runtime]", "java_home");
        assertThat(ConfigLoader.parseBoolean("index_media", ini.get("synology", "index_media")))
                .isEqualTo(defaults.dsm().indexMedia());
        assertThat(ConfigLoader.parseBoolean("notify_errors", ini.get("synology", "notify_errors")))
                .isEqualTo(defaults.dsm().notifyErrors());
        assertThat(Long.parseLong(ini.get("synology", "notify_interval_minutes")))
                .isEqualTo(defaults.dsm().notifyInterval().toMinutes());
    }

    @Test
    void theSynologySectionSwitchesIndexingAndNotificationsAndThePackageSectionIsIgnored() throws Exception {
        Config defaults = load(List.of(ini("plain.ini", paths())));
        assertThat(defaults.dsm()).isEqualTo(Config.Dsm.DEFAULTS);
        assertThat(defaults.dsm().indexMedia()).as("synoindex is opt-in").isFalse();
        assertThat(defaults.dsm().notifyErrors()).isTrue();

        Config set = load(List.of(ini("dsm.ini", "[package]\nshare = photo\ninbox = In\n" + paths()
                + "[synology]\nindex_media = yes\nnotify_errors = false\nnotify_interval_minutes = 15\n")));
        assertThat(set.dsm()).isEqualTo(new Config.Dsm(true, false, Duration.ofMinutes(15)));

        assertThatThrownBy(() -> load(List.of(ini("bad.ini", paths() + "[synology]\nindex_media = maybe\n"))))
                .hasMessageContaining("[synology] index_media");
        assertThatThrownBy(() -> load(List.of(ini("zero.ini", paths() + "[synology]\nnotify_interval_minutes = 0\n"))))
                .hasMessageContaining("notify_interval_minutes");
    }
}
