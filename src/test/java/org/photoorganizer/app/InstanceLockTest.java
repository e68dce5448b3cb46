package org.photoorganizer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path temp;

    @Test
    void aSecondServiceOnTheSameLibraryOrInboxIsRefusedUntilTheFirstStops() throws Exception {
        Path library = Files.createDirectories(temp.resolve("library"));
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path otherInbox = Files.createDirectories(temp.resolve("other inbox"));
        Path otherLibrary = Files.createDirectories(temp.resolve("other library"));

        try (InstanceLock first = InstanceLock.acquire(library.resolve(".photo-organizer"), library, inbox)) {
            assertThatThrownBy(() -> InstanceLock.acquire(library.resolve(".photo-organizer"), library, otherInbox))
                    .isInstanceOf(InstanceLock.AlreadyRunning.class)
                    .hasMessageContaining("already running on the library " + library)
                    .hasMessageContaining("process " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> InstanceLock.acquire(otherLibrary.resolve(".photo-organizer"), otherLibrary,
                    inbox)).isInstanceOf(InstanceLock.AlreadyRunning.class)
                    .hasMessageContaining("already running on the inbox " + inbox);
        }
        try (InstanceLock again = InstanceLock.acquire(otherLibrary.resolve(".photo-organizer"), otherLibrary, inbox)) {
            assertThat(inbox.resolve(InstanceLock.INBOX_LOCK)).exists();
        }
    }

    @Test
    void onlyAUtf8LocaleLetsTheServiceStart() {
        assertThat(Main.fileNameEncodingProblem("UTF-8")).isEmpty();
        assertThat(Main.fileNameEncodingProblem("utf8")).isEmpty();
        assertThat(Main.fileNameEncodingProblem("ANSI_X3.4-1968")).hasValueSatisfying(message -> assertThat(message)
                .contains("does not use UTF-8").contains("ANSI_X3.4-1968").contains("LANG=C.UTF-8"));
        assertThat(Main.fileNameEncodingProblem("")).isPresent();
    }
}
