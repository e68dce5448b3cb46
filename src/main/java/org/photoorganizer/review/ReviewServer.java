package org.photoorganizer.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.photoorganizer.review.PathGuard.Area;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review page's HTTP server: a {@link LoopbackHttpServer} on 127.0.0.1, whose one thread sleeps in
 * {@code accept()}, so an unused page costs a listening socket and a parked thread, and no CPU at all. In DSM
 * mode every answer is wrapped as a CGI response (a {@code Status:} line and headers in the body), which the
 * package's CGI passes to DSM's web server unchanged.
 */
final class ReviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    static final int MAX_BODY = 64 * 1024;
    private static final String WEB = "/org/photoorganizer/review/web/";
    /** Scripts and styles only from the page itself (the nonce of the one answer that carries them). */
    private static final String CSP = "default-src 'none'; img-src 'self' data:; script-src 'self'; "
            + "style-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
    private static final Set<Area> VIEWABLE = Set.of(Area.INBOX, Area.LIBRARY, Area.DUPLICATES, Area.NO_DATE);

    private final AccessPolicy policy;
    private final ReviewApi api;
    private final SecureRandom random = new SecureRandom();
    private final String page;
    private LoopbackHttpServer server;

    ReviewServer(AccessPolicy policy, ReviewApi api) throws IOException {
        this.policy = policy;
        this.api = api;
        // One document: the script and style are inlined (with a per-answer nonce), so behind DSM's CGI the
        // page needs no further requests that would each have to carry the SynoToken.
        this.page = new String(resource("index.html"), StandardCharsets.UTF_8)
                .replace("{{CSS}}", new String(resource("app.css"), StandardCharsets.UTF_8))
                .replace("{{JS}}", new String(resource("app.js"), StandardCharsets.UTF_8));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReviewServer.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IOException("the review page's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /** Binds to 127.0.0.1:{@code port} (0: any free port) and returns the port. */
    int start(int port) throws IOException {
        // One thread: a page for one person at a time, and native image code (the JPEG codec) that runs on one
        // thread keeps one malloc arena resident instead of one per thread.
        server = LoopbackHttpServer.start(port, this::handle);
        int bound = server.port();
        policy.port(bound);
        return bound;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private LoopbackHttpServer.Response handle(LoopbackHttpServer.Request exchange) {
        Function<String, String> header = exchange::header;
        String user;
        try {
            user = policy.admit(header);
        } catch (Refusal refusal) {
            // Not wrapped for the CGI: a missing or wrong key must make its curl fail.
            return send(refusal.status(), "text/plain; charset=utf-8",
                    refusal.getMessage().getBytes(StandardCharsets.UTF_8), "", false);
        }
        Response response;
        try {
            response = route(exchange, user, header);
        } catch (Refusal refusal) {
            response = json(refusal.status(), Map.of("error", refusal.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Review page request {} failed", exchange.rawPath(), e);
            response = json(500, Map.of("error", "the service could not answer: " + e));
        }
        return send(response.status(), response.type(), response.body(), response.nonce(),
                policy.mode() == AccessPolicy.Mode.DSM);
    }

    private record Response(int status, String type, byte[] body, String nonce) {
        Response(int status, String type, byte[] body) {
            this(status, type, body, "");
        }
    }

    private Response route(LoopbackHttpServer.Request exchange, String user, Function<String, String> header)
            throws Refusal, IOException {
        String method = exchange.method();
        String path = exchange.rawPath();
        Map<String, String> query = query(exchange.rawQuery());
        if (path.equals("/api/action")) {
            policy.admitAction(method, header);
            Object body;
            try {
                body = Json.parse(new String(body(exchange), StandardCharsets.UTF_8));
            } catch (Json.ParseException e) {
                throw new Refusal(400, "not JSON: " + e.getMessage());
            }
            if (!(body instanceof Map<?, ?> map)) {
                throw new Refusal(400, "an action is a JSON object");
            }
            @SuppressWarnings("unchecked")
            ReviewApi.ActionResult result = api.act(user, (Map<String, Object>) map);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("message", result.message());
            out.put("files", result.files());
            return json(result.status(), out);
        }
        if (!method.equals("GET")) {
            throw new Refusal(405, "only GET here");
        }
        switch (path) {
            case "/", "/index.html": {
                byte[] bytes = new byte[18];
                random.nextBytes(bytes);
                String nonce = Base64.getEncoder().encodeToString(bytes);
                return new Response(200, "text/html; charset=utf-8", page.replace("{{CSRF}}", policy.csrfToken())
                        .replace("{{MODE}}", policy.mode().name().toLowerCase(java.util.Locale.ROOT))
                        .replace("{{USER}}", Plots.escape(user)).replace("{{NONCE}}", nonce)
                        .getBytes(StandardCharsets.UTF_8), nonce);
            }
            case "/api/status":
                return json(200, api.status());
            case "/api/activity":
                return json(200, api.activity(query.get("event"), query.get("q"), number(query, "before", 0),
                        (int) number(query, "limit", 50)));
            case "/api/duplicates":
                return json(200, api.duplicates(number(query, "before", 0), (int) number(query, "limit", 10)));
            case "/api/nodate":
                return json(200, api.noDate((int) number(query, "offset", 0), (int) number(query, "limit", 50)));
            case "/api/errors":
                return json(200, api.errors());
            case "/thumb":
                return thumbnail(query.get("f"));
            case "/plot/filed.svg":
                return svg(api.plotFiledPerDay());
            case "/plot/library.svg":
                return svg(api.plotLibrary());
            case "/plot/saved.svg":
                return svg(api.plotSaved());
            default:
                throw new Refusal(404, "no such page: " + path);
        }
    }

    private Response thumbnail(String reference) throws Refusal, IOException {
        Path file = api.guard().file(reference, VIEWABLE);
        Optional<byte[]> jpeg = api.thumbnail(file);
        if (jpeg.isPresent()) {
            return new Response(200, "image/jpeg", jpeg.get());
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String label = dot < 0 ? "file" : name.substring(dot + 1).toUpperCase(java.util.Locale.ROOT);
        return svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"180\" viewBox=\"0 0 240 180\">"
                + "<rect width=\"240\" height=\"180\" fill=\"#e4e8ee\"/><text x=\"120\" y=\"96\" text-anchor=\"middle\" "
                + "font-family=\"sans-serif\" font-size=\"22\" fill=\"#566\">" + Plots.escape(label)
                + "</text><text x=\"120\" y=\"122\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" "
                + "fill=\"#566\">no preview</text></svg>");
    }

    private static Response svg(String svg) {
        return new Response(200, "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
    }

    private static Response json(int status, Object value) {
        return new Response(status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static long number(Map<String, String> query, String name, long fallback) throws Refusal {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Refusal(400, "'" + name + "' is not a number");
        }
    }

    static Map<String, String> query(String raw) throws Refusal {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 8192) {
            throw new Refusal(414, "query too long");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "bad query encoding");
            }
        }
        return out;
    }

    private static byte[] body(LoopbackHttpServer.Request exchange) throws IOException, Refusal {
        try (InputStream in = exchange.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_BODY) {
                    throw new Refusal(413, "request too large");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Sends the answer; for the CGI ({@code cgi}) as a CGI document inside a 200 answer. */
    private static LoopbackHttpServer.Response send(int status, String type, byte[] body, String nonce, boolean cgi) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", nonce.isEmpty() ? CSP : CSP.replace("'self'; style-src 'self'",
                "'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'"));
        byte[] payload = body;
        int httpStatus = status;
        if (cgi) {
            StringBuilder head = new StringBuilder("Status: ").append(status).append(' ')
                    .append(LoopbackHttpServer.reason(status)).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] prefix = head.toString().getBytes(StandardCharsets.US_ASCII);
            payload = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, payload, 0, prefix.length);
            System.arraycopy(body, 0, payload, prefix.length, body.length);
            httpStatus = 200;
            return new LoopbackHttpServer.Response(httpStatus, Map.of("Content-Type", "application/x-cgi-document"),
                    payload);
        }
        return new LoopbackHttpServer.Response(httpStatus, headers, payload);
    }
}
