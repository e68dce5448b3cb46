package org.photoorganizer.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs spk/ui/review.cgi the way DSM's web server would (CGI variables in the environment, the body on
 * stdin) in a temporary DSM tree with a fake authenticate.cgi and a fake {@code id}; tests choose the
 * curl (a recording fake, or the real one) through PATH.
 */
final class CgiHarness {
    static final String TOKEN = "tok123";
    final Path root;
    final Path bin;
    final Path varDir;

    CgiHarness(Path temp) throws IOException {
        root = temp.resolve("root");
        bin = Files.createDirectories(temp.resolve("bin"));
        varDir = Files.createDirectories(root.resolve("var/packages/PhotoOrganizer/var"));
        // DSM's check, faked: a user only with the session cookie and the right SynoToken (header or query).
        script(root.resolve("usr/syno/synoman/webman/modules/authenticate.cgi"), """
                #!/bin/sh
                case "$HTTP_COOKIE" in *id=session*) ;; *) exit 0 ;; esac
                if [ "$HTTP_X_SYNO_TOKEN" = "%s" ]; then printf '%%s\\n' "$FAKE_USER"; exit 0; fi
                case "&$QUERY_STRING&" in *"&SynoToken=%s&"*) printf '%%s\\n' "$FAKE_USER" ;; esac
                """.formatted(TOKEN, TOKEN));
        script(bin.resolve("id"), """
                #!/bin/sh
                [ "$1" = -Gn ] && [ "$2" = -- ] || exit 2
                case "$3" in admin) echo "users administrators" ;; bob) echo "users" ;; *) exit 1 ;; esac
                """);
    }

    static Path script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A curl that records its arguments, its stdin and http_proxy, prints {@code output} and exits {@code code}. */
    void fakeCurl(String output, int code) throws IOException {
        script(bin.resolve("curl"), """
                #!/bin/sh
                for a in "$@"; do printf '%%s\\n' "$a"; done > "%1$s/curl.args"
                printf '%%s' "${http_proxy:-}${HTTP_PROXY:-}" > "%1$s/curl.proxy"
                cat > "%1$s/curl.stdin"
                printf '%%s' '%2$s'
                exit %3$d
                """.formatted(root.getParent(), output, code));
    }

    void service(int port, String keyLine) throws IOException {
        Files.writeString(varDir.resolve("review.port"), port + "\n");
        Files.writeString(varDir.resolve("review.key"), keyLine);
    }

    List<String> curlArgs() throws IOException {
        Path args = root.getParent().resolve("curl.args");
        return Files.exists(args) ? Files.readAllLines(args) : List.of();
    }

    String curlStdin() throws IOException {
        return Files.readString(root.getParent().resolve("curl.stdin"));
    }

    String curlProxy() throws IOException {
        return Files.readString(root.getParent().resolve("curl.proxy"));
    }

    record Answer(String status, String output) {}

    Answer run(String shell, String user, Map<String, String> request, String body) throws Exception {
        Path cgi = Path.of(System.getProperty("photoorganizer.basedir", ".")).resolve("spk/ui/review.cgi");
        ProcessBuilder builder = new ProcessBuilder(shell, cgi.toAbsolutePath().toString());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("PHOTO_ORGANIZER_ROOT", root.toString());
        env.put("FAKE_USER", user);
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", "GET");
        env.put("HTTP_COOKIE", "id=session; smid=x");
        env.put("HTTP_X_SYNO_TOKEN", TOKEN);
        env.putAll(new HashMap<>(request));
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the CGI did not finish");
        }
        String status = output.lines().filter(line -> line.startsWith("Status: ")).findFirst()
                .map(line -> line.substring(8).trim()).orElse("");
        return new Answer(status, output);
    }
}
