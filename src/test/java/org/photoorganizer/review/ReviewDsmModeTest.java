package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.app.PhotoOrganizerService;
import org.photoorganizer.app.ServiceAssembly;
import org.photoorganizer.config.Config;
import org.photoorganizer.demo.SampleInbox;
import org.photoorganizer.fixtures.ExternalTools;
import org.photoorganizer.fs.NioFileOps;

/**
 * DSM mode: the service trusts only requests with the per-start key from its 0600 file, and through the
 * real CGI (real curl, fake authenticate.cgi) a logged-in administrator gets the page and nobody else does.
 */
class ReviewDsmModeTest {
    @TempDir
    Path temp;

    private record Running(ReviewPage page, PhotoOrganizerService service, Path var, int port) implements AutoCloseable {
        @Override
        public void close() {
            page.close();
            service.close();
        }
    }

    private Running start() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("in"));
        Path library = Files.createDirectories(temp.resolve("lib"));
        SampleInbox.write(inbox);
        Path var = Files.createDirectories(temp.resolve("root/var/packages/PhotoOrganizer/var"));
        Config config = new Config(inbox, library, true, 6, Duration.ofMillis(500), Duration.ofHours(1),
                "{yyyy}/{MM}_{Mmm}", library, null);
        ServiceAssembly assembly = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), new NioFileOps());
        ReviewSettings settings = ReviewSettings.resolve(false, Optional.empty(), Optional.empty(),
                Map.of(ReviewSettings.PACKAGE_VAR_ENV, var.toString()));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.demo()).isFalse();
        ReviewPage page = assembly.reviewPage(settings);
        PhotoOrganizerService service = assembly.service();
        service.prepare();
        service.runOnce();
        page.start(service.reviewBackend());
        int port = Integer.parseInt(Files.readString(var.resolve(ReviewPage.PORT_FILE)).trim());
        return new Running(page, service, var, port);
    }

    private static HttpResponse<String> get(int port, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyRequestsWithTheKeyFromThePrivateFileAreServed() throws Exception {
        try (Running running = start()) {
            Path keyFile = running.var().resolve(ReviewPage.KEY_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            String keyLine = Files.readString(keyFile).trim();
            String key = keyLine.substring(keyLine.indexOf(':') + 1).trim();
            assertThat(key).matches("[0-9a-f]{64}");

            assertThat(get(running.port(), Map.of()).statusCode()).isEqualTo(403);
            assertThat(get(running.port(), Map.of("X-Photo-Organizer-Key", "0".repeat(64),
                    "X-Photo-Organizer-User", "admin")).statusCode()).isEqualTo(403);
            assertThat(get(running.port(), Map.of("X-Photo-Organizer-Key", key)).statusCode())
                    .as("a key without the user the CGI names").isEqualTo(403);
            HttpResponse<String> ok = get(running.port(), Map.of("X-Photo-Organizer-Key", key,
                    "X-Photo-Organizer-User", "admin"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).startsWith("Status: 200 OK\r\nContent-Type: application/json").contains("\"state\"");
        }
        assertThat(temp.resolve("root/var/packages/PhotoOrganizer/var/" + ReviewPage.KEY_FILE)).doesNotExist();
    }

    @Test
    void throughTheRealCgiAndCurlAnAdministratorGetsThePageAndTheActionsNeedTheCsrfToken() throws Exception {
        ExternalTools.require("curl", "--version", "curl");
        ExternalTools.require("dash", "-c", "dash");
        try (Running running = start()) {
            CgiHarness cgi = new CgiHarness(temp);
            Files.deleteIfExists(cgi.bin.resolve("curl"));

            CgiHarness.Answer page = cgi.run("dash", "admin", Map.of("PATH_INFO", "/"), "");
            assertThat(page.status()).isEqualTo("200 OK");
            assertThat(page.output()).contains("<title>Photo Organizer")
                    .contains("content=\"dsm\"");
            String csrf = page.output().replaceAll("(?s).*name=\"csrf-token\" content=\"([0-9a-f]+)\".*", "$1");

            assertThat(cgi.run("dash", "bob", Map.of("PATH_INFO", "/api/status"), "").status()).isEqualTo("403 Forbidden");

            String body = "{\"action\":\"restore\",\"files\":[\"duplicates/20200229_162000.0001.jpg\"]}";
            Map<String, String> post = Map.of("REQUEST_METHOD", "POST", "PATH_INFO", "/api/action",
                    "CONTENT_TYPE", "application/json", "CONTENT_LENGTH", String.valueOf(body.length()));
            assertThat(cgi.run("dash", "admin", post, body).status()).isEqualTo("403 Forbidden");
            assertThat(temp.resolve("lib/Duplicates/20200229_162000.0001.jpg")).exists();

            java.util.Map<String, String> withToken = new java.util.HashMap<>(post);
            withToken.put("HTTP_X_CSRF_TOKEN", csrf);
            CgiHarness.Answer done = cgi.run("dash", "admin", withToken, body);
            assertThat(done.status()).as(done.output()).isEqualTo("200 OK");
            assertThat(temp.resolve("lib/2020/02_Feb/20200229_162000_A.jpg")).exists();
            assertThat(Files.readString(temp.resolve("lib/system_log.csv"))).contains("Review page: admin kept in the library");

            Files.writeString(running.var().resolve(ReviewPage.KEY_FILE), "X-Photo-Organizer-Key: " + "1".repeat(64) + "\n");
            assertThat(cgi.run("dash", "admin", Map.of("PATH_INFO", "/api/status"), "").status()).isEqualTo("502 Bad Gateway");
        }
    }
}
