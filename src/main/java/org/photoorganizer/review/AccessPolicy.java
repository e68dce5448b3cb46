package org.photoorganizer.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

/**
 * Who may use the review page. The server listens on 127.0.0.1 only, and then:
 * <ul>
 *   <li><b>DSM mode</b> (the package): a request is served only when it carries the per-start key that
 *   the package's CGI reads from a file only the package user can read; the CGI sends it after DSM's
 *   {@code authenticate.cgi} named a logged-in user of the administrators group. Other local processes
 *   can reach the port but not the key.</li>
 *   <li><b>Demo mode</b> ({@code --review-demo}): no login, but the Host header must name this server
 *   (a web page that rebinds a DNS name to 127.0.0.1 is refused) and cross-site requests are refused.</li>
 * </ul>
 * Every action also needs the page's CSRF token (in the page, never in a cookie), JSON and POST.
 */
final class AccessPolicy {
    static final String KEY_HEADER = "X-Photo-Organizer-Key";
    static final String USER_HEADER = "X-Photo-Organizer-User";
    static final String CSRF_HEADER = "X-CSRF-Token";

    enum Mode { DEMO, DSM }

    private final Mode mode;
    private final byte[] key;
    private final String csrfToken;
    private volatile int port;

    AccessPolicy(Mode mode, SecureRandom random) {
        this.mode = mode;
        this.key = mode == Mode.DSM ? HexFormat.of().formatHex(bytes(random, 32)).getBytes(StandardCharsets.US_ASCII)
                : new byte[0];
        this.csrfToken = HexFormat.of().formatHex(bytes(random, 24));
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    Mode mode() {
        return mode;
    }

    /** The key line the CGI passes to curl ({@code curl -H @file}); DSM mode only. */
    String keyHeaderLine() {
        return KEY_HEADER + ": " + new String(key, StandardCharsets.US_ASCII) + "\n";
    }

    String csrfToken() {
        return csrfToken;
    }

    void port(int port) {
        this.port = port;
    }

    /** Lets a request in, or refuses it; returns the person's name (the DSM user, or "demo"). */
    String admit(Function<String, String> header) throws Refusal {
        if (mode == Mode.DSM) {
            String given = header.apply(KEY_HEADER);
            if (given == null || !MessageDigest.isEqual(key, given.trim().getBytes(StandardCharsets.US_ASCII))) {
                throw new Refusal(403, "not forwarded by the DSM page of Photo Organizer");
            }
            String user = header.apply(USER_HEADER);
            if (user == null || user.isBlank() || user.length() > 256) {
                throw new Refusal(403, "no DSM user");
            }
            return user.trim();
        }
        String host = header.apply("Host");
        if (host == null || !(host.equalsIgnoreCase("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port))) {
            throw new Refusal(403, "only http://127.0.0.1:" + port + "/ serves the demo review page");
        }
        return "demo";
    }

    /** The further checks of a request that changes something. */
    void admitAction(String method, Function<String, String> header) throws Refusal {
        if (!"POST".equals(method)) {
            throw new Refusal(405, "actions are POST requests");
        }
        String contentType = header.apply("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Refusal(415, "actions are JSON requests");
        }
        String token = header.apply(CSRF_HEADER);
        if (token == null || !MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                token.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new Refusal(403, "the page is out of date (CSRF token): reload it");
        }
        if (mode == Mode.DEMO) {
            String origin = header.apply("Origin");
            if (origin != null && !(origin.equalsIgnoreCase("http://127.0.0.1:" + port)
                    || origin.equalsIgnoreCase("http://localhost:" + port))) {
                throw new Refusal(403, "cross-site request refused");
            }
            String site = header.apply("Sec-Fetch-Site");
            if (site != null && !site.equalsIgnoreCase("same-origin")) {
                throw new Refusal(403, "cross-site request refused");
            }
        }
    }
}
