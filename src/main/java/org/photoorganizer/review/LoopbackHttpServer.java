package org.photoorganizer.review;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest HTTP/1.1 server the review page needs, on the loopback address: one request per connection,
 * one connection at a time, on one thread.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: its dispatcher polls its selector every second and a
 * timer thread runs every ten, for as long as the service runs, so an idle NAS never stops spending CPU on a
 * page nobody has open. Here the one thread blocks in {@code accept()} and the kernel wakes it only when a
 * request arrives.
 *
 * <p>What it accepts: a request line with an origin-form target, headers up to {@link #MAX_HEAD} bytes, and a
 * body of the length its Content-Length says (no chunked bodies; browsers and curl send a length for what the
 * page posts). A client that stalls for {@link #READ_TIMEOUT_MILLIS} (10 s), or takes longer than that to send its
 * headers, is dropped: the one thread is never held for long by a slow or trickling client.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackHttpServer.class);
    static final int MAX_HEAD = 16 * 1024;
    static final int READ_TIMEOUT_MILLIS = 10_000;

    /** One request; the body is read as far as Content-Length says, and no further. */
    record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, InputStream body) {
        /** A header's value by its name in any case; null when absent. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The answer: a status, headers (Content-Length and Connection are added) and a body. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    interface Handler {
        Response handle(Request request) throws IOException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final int readTimeoutMillis;
    private final Thread thread;
    private volatile boolean closed;

    private LoopbackHttpServer(ServerSocket socket, Handler handler, int readTimeoutMillis) {
        this.socket = socket;
        this.handler = handler;
        this.readTimeoutMillis = readTimeoutMillis;
        this.thread = new Thread(this::serve, "review-http");
        thread.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and starts answering. */
    static LoopbackHttpServer start(int port, Handler handler) throws IOException {
        return start(port, handler, READ_TIMEOUT_MILLIS);
    }

    static LoopbackHttpServer start(int port, Handler handler, int readTimeoutMillis) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(socket, handler, readTimeoutMillis);
        server.thread.start();
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing the review page's socket: {}", e.toString());
        }
    }

    private void serve() {
        while (!closed) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(readTimeoutMillis);
                answer(connection);
            } catch (SocketException e) {
                if (!closed) {
                    LOG.debug("Review page connection: {}", e.toString());
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Review page connection: {}", e.toString());
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        Request request;
        try {
            request = read(in, out);
        } catch (BadRequest e) {
            write(out, new Response(e.status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    e.getMessage().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        if (request == null) {
            return;
        }
        write(out, handler.handle(request));
    }

    /** The request on {@code in}; null when the client closed the connection without sending one. */
    private Request read(InputStream in, OutputStream out) throws IOException, BadRequest {
        String head = head(in, System.nanoTime() + readTimeoutMillis * 1_000_000L);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")
                || requestLine[0].isEmpty()) {
            throw new BadRequest(400, "a request line this server does not understand");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "a header line without a name");
            }
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest(411, "a body needs a Content-Length");
        }
        long length;
        try {
            length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "an unreadable Content-Length");
        }
        if (length < 0) {
            throw new BadRequest(400, "an unreadable Content-Length");
        }
        if (length > 0 && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
            // curl asks before it sends a body of more than 1 KB.
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        String target = requestLine[1];
        int question = target.indexOf('?');
        return new Request(requestLine[0], question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1), headers, new LimitedInput(in, length));
    }

    /** The request line and headers, without the blank line that ends them; null at a clean end of stream. */
    private static String head(InputStream in, long deadline) throws IOException, BadRequest {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new BadRequest(408, "the request's headers took too long");
            }
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new BadRequest(400, "the request ended before its headers did");
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                byte[] bytes = head.toByteArray();
                return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
            }
            if (head.size() > MAX_HEAD) {
                throw new BadRequest(431, "request headers too large");
            }
        }
    }

    private static void write(OutputStream out, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(response.body().length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static final class BadRequest extends Exception {
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The body: at most Content-Length bytes of the connection. */
    private static final class LimitedInput extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
