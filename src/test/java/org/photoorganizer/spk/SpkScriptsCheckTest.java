package org.photoorganizer.spk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.photoorganizer.fixtures.ExternalTools;

/** The package scripts are POSIX sh: sh -n always, shellcheck -s sh when it is installed. */
class SpkScriptsCheckTest {

    static final List<String> SCRIPTS = List.of("spk/scripts/preinst", "spk/scripts/postinst",
            "spk/scripts/preuninst", "spk/scripts/postuninst", "spk/scripts/preupgrade", "spk/scripts/postupgrade",
            "spk/scripts/start-stop-status", "spk/scripts/common", "spk/package/bin/photo-organizer",
            "spk/WIZARD_UIFILES/upgrade_uifile.sh", "spk/ui/review.cgi");

    private final Path repo = SimulatedDsm.repo();

    record Result(int code, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void everyScriptPassesShDashN() throws Exception {
        for (String script : SCRIPTS) {
            assertThat(repo.resolve(script)).exists();
            Result r = run(List.of("sh", "-n", script));
            assertThat(r.code()).as("sh -n %s: %s", script, r.output()).isZero();
        }
    }

    @Test
    void everyScriptPassesDashAndBusyboxSyntaxChecks() throws Exception {
        ExternalTools.require("dash", "-c", "dash");
        ExternalTools.require("busybox", "true", "busybox");
        for (String script : SCRIPTS) {
            Result dash = run(List.of("dash", "-n", script));
            assertThat(dash.code()).as("dash -n %s: %s", script, dash.output()).isZero();
            Result busybox = run(List.of("busybox", "sh", "-n", script));
            assertThat(busybox.code()).as("busybox sh -n %s: %s", script, busybox.output()).isZero();
        }
    }

    @Test
    void shDashNCatchesABrokenScript() throws Exception {
        // Guards the check above against a sh that accepts anything.
        Path broken = Files.createTempFile("broken", ".sh");
        Files.writeString(broken, "if true; then\n  echo x\n");
        try {
            assertThat(run(List.of("sh", "-n", broken.toString())).code()).isNotZero();
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void shellcheckIsClean() throws Exception {
        ExternalTools.require("shellcheck", "--version", "shellcheck");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-s", "sh"));
        command.addAll(SCRIPTS);
        Result r = run(command);
        assertThat(r.code()).as(r.output()).isZero();
        Result bash = run(List.of("shellcheck", "-x", "scripts/build-spk", "scripts/check-spk-scripts", "scripts/demo",
                "scripts/bench"));
        assertThat(bash.code()).as(bash.output()).isZero();
    }
}
