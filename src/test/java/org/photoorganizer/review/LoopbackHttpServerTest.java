package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {
    final List<LoopbackHttpServer.Request> seen = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    LoopbackHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackHttpServer.start(0, request -> {
            seen.add(request);
            bodies.add(new String(request.body().readAllBytes(), StandardCharsets.UTF_8));
            return new LoopbackHttpServer.Response(200, Map.of("Content-Type", "text/plain"),
                    "hello".getBytes(StandardCharsets.UTF_8));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends {@code request} as it is, ends the sending side, and returns all the server answers before it closes the connection. */
    private String exchange(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void answersARequestWithItsLengthAndClosesTheConnection() throws Exception {
        String answer = exchange("GET /api/thumb?f=a%20b.jpg HTTP/1.1\r\nHost: x\r\nX-Key: K1\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain\r\n",
                "Content-Length: 5\r\n", "Connection: close\r\n").endsWith("\r\n\r\nhello");
        LoopbackHttpServer.Request request = seen.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/api/thumb");
        assertThat(request.rawQuery()).isEqualTo("f=a%20b.jpg");
        assertThat(request.header("x-key")).isEqualTo("K1");
        assertThat(request.header("Missing")).isNull();
    }

    @Test
    void readsABodyAsFarAsItsLengthAndSaysContinueWhenAsked() throws Exception {
        String answer = exchange("POST /api/action HTTP/1.1\r\nContent-Length: 7\r\nExpect: 100-continue\r\n\r\n"
                + "{\"a\":1}trailing bytes are not the body");

        assertThat(answer).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n");
        assertThat(bodies).containsExactly("{\"a\":1}");
        assertThat(seen.get(0).rawQuery()).isNull();
    }

    @Test
    void refusesWhatItDoesNotUnderstandWithoutCallingTheHandler() throws Exception {
        assertThat(exchange("GET http://elsewhere/ HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("BREW\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("GET / HTTP/1.1\r\nno colon here\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 411 ");
        assertThat(exchange("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(LoopbackHttpServer.MAX_HEAD) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\n")).startsWith("HTTP/1.1 400 ");

        assertThat(seen).isEmpty();
        assertThat(exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void aClientTricklingItsHeadersIsDroppedAtTheDeadlineAndTheNextOneIsAnswered() throws Exception {
        server.close();
        server = LoopbackHttpServer.start(0, request -> new LoopbackHttpServer.Response(200, Map.of(), new byte[0]),
                600);
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = slow.getOutputStream();
            long started = System.nanoTime();
            String answer = "";
            // A byte every 100 ms: no single read waits long, the whole head never arrives.
            for (int i = 0; i < 40 && answer.isEmpty(); i++) {
                try {
                    out.write('G');
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(100);
                if (slow.getInputStream().available() > 0) {
                    answer = new String(slow.getInputStream().readNBytes(slow.getInputStream().available()),
                            StandardCharsets.ISO_8859_1);
                }
            }
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(System.nanoTime() - started).isLessThan(3_000_000_000L);
        }
        assertThat(exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(socket.getInetAddress().isLoopbackAddress()).isTrue();
        }
        java.net.InetAddress other = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream().flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "no non-loopback address to try");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket(other, server.port()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }
}
