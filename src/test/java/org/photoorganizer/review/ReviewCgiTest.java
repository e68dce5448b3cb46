package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.photoorganizer.fixtures.ExternalTools;

/** The package's CGI under dash and busybox sh: who gets through, what is forwarded, and what never is. */
class ReviewCgiTest {
    private static final String KEY = "X-Photo-Organizer-Key: 0123456789abcdef\n";
    private static final String SERVICE_ANSWER = "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":1}";

    @TempDir
    Path temp;
    CgiHarness cgi;

    @BeforeEach
    void tree() throws Exception {
        cgi = new CgiHarness(temp);
        cgi.service(41234, KEY);
        cgi.fakeCurl(SERVICE_ANSWER, 0);
    }

    private static void requireShell(String shell) {
        ExternalTools.require(shell, shell.equals("busybox") ? "--help" : "-c", shell.equals("busybox") ? "busybox" : "dash");
    }

    private CgiHarness.Answer run(String shell, String user, Map<String, String> request, String body) throws Exception {
        requireShell(shell);
        return shell.equals("busybox") ? cgi.run("busybox", user, request, body) : cgi.run(shell, user, request, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void anAdministratorsRequestIsForwardedWithTheKeyFromItsFileAndWithoutDsmTokens(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "admin", Map.of("PATH_INFO", "/api/activity",
                "QUERY_STRING", "event=File%20moved&SynoToken=" + CgiHarness.TOKEN + "&before=20"), "");

        assertThat(answer.output()).isEqualTo(SERVICE_ANSWER);
        List<String> args = cgi.curlArgs();
        assertThat(args).contains("http://127.0.0.1:41234/api/activity?event=File%20moved&before=20",
                "@" + cgi.varDir.resolve("review.key"), "X-Photo-Organizer-User: admin", "--noproxy", "-q", "--fail");
        assertThat(String.join(" ", args)).doesNotContain("0123456789abcdef").doesNotContain("session")
                .doesNotContain(CgiHarness.TOKEN);
        assertThat(args.get(0)).as("-q must come first, or curl reads ~/.curlrc").isEqualTo("-q");
    }

    /** Runs under the given shell name (busybox needs "sh" as its applet). */
    private CgiHarness.Answer runShell(String shell, String user, Map<String, String> request, String body)
            throws Exception {
        requireShell(shell);
        if (shell.equals("busybox")) {
            Path wrapper = CgiHarness.script(temp.resolve("busybox-sh"), "#!/bin/sh\nexec busybox sh \"$@\"\n");
            return cgi.run(wrapper.toString(), user, request, body);
        }
        return cgi.run(shell, user, request, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void withoutADsmLoginNothingIsForwarded(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "admin", Map.of("HTTP_COOKIE", "", "PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("401 Unauthorized");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void withoutTheSynoTokenAuthenticateCgiNamesNobodyAndNothingIsForwarded(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "admin", Map.of("HTTP_X_SYNO_TOKEN", "forged", "PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("401 Unauthorized");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void theSynoTokenInTheQueryIsAcceptedForImagesButNotForwarded(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "admin", Map.of("HTTP_X_SYNO_TOKEN", "", "PATH_INFO", "/thumb",
                "QUERY_STRING", "f=duplicates%2Fa.jpg&SynoToken=" + CgiHarness.TOKEN), "");

        assertThat(answer.output()).isEqualTo(SERVICE_ANSWER);
        assertThat(cgi.curlArgs()).contains("http://127.0.0.1:41234/thumb?f=duplicates%2Fa.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void aUserOutsideTheAdministratorsGroupIsRefused(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "bob", Map.of("PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("403 Forbidden");
        assertThat(answer.output()).contains("administrators");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void aUserNameWithAControlCharacterIsRefused(String shell) throws Exception {
        CgiHarness.Answer answer = runShell(shell, "admin\u0001x", Map.of("PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("403 Forbidden");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "/api/status;rm", "/a b", "/%2e%2e/x"})
    void pathsOutsideThePagesAreRefused(String path) throws Exception {
        CgiHarness.Answer answer = runShell("dash", "admin", Map.of("PATH_INFO", path), "");

        assertThat(answer.status()).isEqualTo("400 Bad Request");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @Test
    void aQueryWithShellOrHeaderCharactersIsRefused() throws Exception {
        CgiHarness.Answer answer = runShell("dash", "admin", Map.of("PATH_INFO", "/api/status",
                "QUERY_STRING", "a=$(id)"), "");

        assertThat(answer.status()).isEqualTo("400 Bad Request");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        CgiHarness.Answer answer = runShell("dash", "admin", Map.of("REQUEST_METHOD", "PUT", "PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("405 Method Not Allowed");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void anActionsJsonBodyAndCsrfTokenAreForwardedExactly(String shell) throws Exception {
        String body = "{\"action\":\"restore\",\"files\":[\"duplicates/a b.jpg\"]}";
        CgiHarness.Answer answer = runShell(shell, "admin", Map.of("REQUEST_METHOD", "POST", "PATH_INFO", "/api/action",
                "CONTENT_TYPE", "application/json", "CONTENT_LENGTH", String.valueOf(body.length()),
                "HTTP_X_CSRF_TOKEN", "abc123"), body + "trailing bytes beyond CONTENT_LENGTH");

        assertThat(answer.output()).isEqualTo(SERVICE_ANSWER);
        assertThat(cgi.curlStdin()).isEqualTo(body);
        assertThat(cgi.curlArgs()).contains("X-CSRF-Token: abc123", "Content-Type: application/json", "POST");
    }

    @Test
    void aCsrfTokenThatIsNotHexIsNotForwarded() throws Exception {
        runShell("dash", "admin", Map.of("PATH_INFO", "/", "HTTP_X_CSRF_TOKEN", "x\r\nX-Photo-Organizer-Key: y"), "");

        assertThat(String.join("\n", cgi.curlArgs())).doesNotContain("X-CSRF-Token");
    }

    @Test
    void anActionThatIsNotJsonOrTooLargeIsRefused() throws Exception {
        assertThat(runShell("dash", "admin", Map.of("REQUEST_METHOD", "POST", "PATH_INFO", "/api/action",
                "CONTENT_TYPE", "application/x-www-form-urlencoded", "CONTENT_LENGTH", "3"), "a=b").status())
                .isEqualTo("415 Unsupported Media Type");
        assertThat(runShell("dash", "admin", Map.of("REQUEST_METHOD", "POST", "PATH_INFO", "/api/action",
                "CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "70000"), "{}").status())
                .isEqualTo("413 Payload Too Large");
        assertThat(runShell("dash", "admin", Map.of("REQUEST_METHOD", "POST", "PATH_INFO", "/api/action",
                "CONTENT_TYPE", "application/json"), "{}").status()).isEqualTo("411 Length Required");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @Test
    void aProxyFromTheRequestIsNeverUsed() throws Exception {
        // httpoxy: a "Proxy:" request header becomes HTTP_PROXY in a CGI's environment.
        runShell("dash", "admin", Map.of("PATH_INFO", "/", "HTTP_PROXY", "http://evil:1", "http_proxy", "http://evil:2"), "");

        assertThat(cgi.curlProxy()).isEmpty();
        assertThat(cgi.curlArgs()).contains("--noproxy", "*");
    }

    @Test
    void aStoppedServiceIsSaidClearly() throws Exception {
        Files.delete(cgi.varDir.resolve("review.port"));

        CgiHarness.Answer answer = runShell("dash", "admin", Map.of("PATH_INFO", "/"), "");

        assertThat(answer.status()).isEqualTo("503 Service Unavailable");
        assertThat(answer.output()).contains("Package Center");
        assertThat(cgi.curlArgs()).isEmpty();
    }

    @Test
    void curlFailuresBecomeClearAnswers() throws Exception {
        cgi.fakeCurl("", 7);
        assertThat(runShell("dash", "admin", Map.of("PATH_INFO", "/"), "").status()).isEqualTo("503 Service Unavailable");
        cgi.fakeCurl("", 22);
        assertThat(runShell("dash", "admin", Map.of("PATH_INFO", "/"), "").status()).isEqualTo("502 Bad Gateway");
    }

    @Test
    void theCgiIsShellcheckClean() throws Exception {
        ExternalTools.require("shellcheck", "--version", "shellcheck");
        Path cgiFile = Path.of(System.getProperty("photoorganizer.basedir", ".")).resolve("spk/ui/review.cgi");
        Process process = new ProcessBuilder("shellcheck", "-s", "sh", cgiFile.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}
