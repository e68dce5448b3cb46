package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The review page over HTTP against a real service: views, refusals, and views that must not act. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPageTest {
    Path temp;
    ReviewFixture review;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        review = new ReviewFixture(temp, true);
    }

    @AfterAll
    void stop() {
        review.close();
    }

    @Test
    void thePageCarriesItsCsrfTokenAndAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = review.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(review.csrf).hasSize(48);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("script-src 'nonce-").doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("DEMO MODE");
    }

    @Test
    void statusSaysWhatWasFiledAndWhatIsStuck() throws Exception {
        String status = review.get("/api/status").body();

        assertThat(status).contains("\"state\":\"idle\"").contains("\"failed\":1").contains("\"similar\":1")
                .contains("\"duplicatesDeleted\":1").contains("library/2024/08_Aug/20240814_134757");
    }

    @Test
    void activityFiltersByEventAndText() throws Exception {
        String similar = review.get("/api/activity?event=Similar%20image").body();
        assertThat(similar.substring(0, similar.indexOf("\"events\""))).contains("Similar image")
                .doesNotContain("File Detected");

        String text = review.get("/api/activity?q=IMG_3001%20copy").body();
        assertThat(text).contains("Duplicate Deleted").doesNotContain("IMG_1001");
    }

    @Test
    void duplicatesShowBothSidesWithWhyAndDistance() throws Exception {
        String verdicts = review.get("/api/duplicates").body();

        assertThat(verdicts).contains("\"kind\":\"similar\"").contains("\"distance\":")
                .contains("\"pixels\":\"800 × 600\"").contains("\"pixels\":\"2000 × 1500\"").contains("more pixels");
    }

    @Test
    void noDateListsTheFileWithTheDateWrittenInItsName() throws Exception {
        String noDate = review.get("/api/nodate").body();

        assertThat(noDate).contains("nodate/old-scan_2003-06-15.png").contains("2003-06-15T12:00")
                .contains("written in the file name");
    }

    @Test
    void errorsListTheFailedFileWithItsReason() throws Exception {
        String errors = review.get("/api/errors").body();

        assertThat(errors).contains("inbox/IMG_9999.jpg").contains("empty file");
    }

    @Test
    void thumbnailsAreSmallJpegsAndVideosGetAPlaceholder() throws Exception {
        HttpResponse<byte[]> jpeg = review.getBytes("/thumb?f=library/2019/07_Jul/20190714_103000.jpg");
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body().length).isBetween(1000, 60_000);

        HttpResponse<String> video = review.get("/thumb?f=library/2024/08_Aug/20240815_080000.mp4");
        assertThat(video.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(video.body()).contains("MP4");
    }

    @Test
    void plotsAreSvg() throws Exception {
        for (String plot : List.of("filed", "library", "saved")) {
            HttpResponse<String> svg = review.get("/plot/" + plot + ".svg");
            assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
            assertThat(svg.body()).startsWith("<svg").contains("<rect");
        }
        assertThat(review.get("/plot/library.svg").body()).contains("2019/07_Jul: 1 files");
    }

    // ------------------------------------------------------------ refusals

    @ParameterizedTest
    @ValueSource(strings = {"library/../../../etc/passwd", "/etc/passwd", "library/2019/./x.jpg",
            "library/.photo-organizer/index.db", "inbox/../Photos/2019/07_Jul/20190714_103000.jpg",
            "library/Family/x.jpg", "elsewhere/x.jpg", "library//2019"})
    void thumbnailsOfFilesOutsideTheAreasAreRefused(String reference) throws Exception {
        HttpResponse<String> answer = review.get("/thumb?f=" + java.net.URLEncoder.encode(reference, StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).as(answer.body()).isIn(400, 403);
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws Exception {
        Path outside = Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(review.library.resolve("Duplicates/link.jpg"), outside);
        Files.createSymbolicLink(review.library.resolve("2019/linked"), temp);

        assertThat(review.get("/thumb?f=duplicates/link.jpg").statusCode()).isEqualTo(403);
        assertThat(review.get("/thumb?f=library/2019/linked/secret.txt").statusCode()).isEqualTo(403);
        HttpResponse<String> delete = review.action("{\"action\":\"delete\",\"files\":[\"duplicates/link.jpg\"],"
                + "\"confirm\":\"delete for good\"}");
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(outside).exists();
    }

    @Test
    void anActionWithoutTheCsrfTokenIsRefused() throws Exception {
        String restore = "{\"action\":\"restore\",\"files\":[\"duplicates/20200229_162000.0001.jpg\"]}";

        assertThat(review.action(restore, null, "application/json").statusCode()).isEqualTo(403);
        assertThat(review.action(restore, "0".repeat(48), "application/json").statusCode()).isEqualTo(403);
        assertThat(review.action(restore, review.csrf, "text/plain").statusCode()).isEqualTo(415);
        assertThat(review.library.resolve("Duplicates/20200229_162000.0001.jpg")).exists();
    }

    @Test
    void anActionByGetIsRefused() throws Exception {
        assertThat(review.get("/api/action?action=restore&files=duplicates/20200229_162000.0001.jpg").statusCode())
                .isEqualTo(405);
    }

    @Test
    void actionsOutsideTheirAreaAreRefused() throws Exception {
        // Delete only from Duplicates; set a date only in NoDateFound; retry only in the inbox.
        assertThat(review.action("{\"action\":\"delete\",\"files\":[\"library/2019/07_Jul/20190714_103000.jpg\"],"
                + "\"confirm\":\"delete for good\"}").statusCode()).isEqualTo(403);
        assertThat(review.action("{\"action\":\"delete\",\"files\":[\"inbox/IMG_9999.jpg\"],"
                + "\"confirm\":\"delete for good\"}").statusCode()).isEqualTo(403);
        assertThat(review.action("{\"action\":\"setdate\",\"date\":\"2020-01-01T10:00:00\","
                + "\"files\":[\"library/2019/07_Jul/20190714_103000.jpg\"]}").statusCode()).isEqualTo(403);
        assertThat(review.action("{\"action\":\"retry\",\"files\":[\"duplicates/20200229_162000.0001.jpg\"]}")
                .statusCode()).isEqualTo(403);
        assertThat(review.library.resolve("2019/07_Jul/20190714_103000.jpg")).exists();
    }

    @Test
    void deletingNeedsTheConfirmation() throws Exception {
        HttpResponse<String> answer = review.action("{\"action\":\"delete\",\"files\":[\"duplicates/20200229_162000.0001.jpg\"]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(review.library.resolve("Duplicates/20200229_162000.0001.jpg")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "{\"action\":\"restore\"}", "{\"action\":\"nuke\",\"files\":[\"inbox/a\"]}",
            "not json", "{\"action\":\"setdate\",\"date\":\"1960-01-01T00:00\",\"files\":[\"nodate/old-scan_2003-06-15.png\"]}",
            "{\"action\":\"setdate\",\"date\":\"2999-01-01T00:00\",\"files\":[\"nodate/old-scan_2003-06-15.png\"]}"})
    void malformedActionsAreRefused(String body) throws Exception {
        assertThat(review.action(body).statusCode()).isEqualTo(400);
    }

    @Test
    void aTooLargeRequestIsRefused() throws Exception {
        assertThat(review.action("{\"action\":\"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void aRequestForAnotherHostNameIsRefused() throws Exception {
        // DNS rebinding: a web page's own name resolving to 127.0.0.1 must not reach the page.
        URI uri = URI.create(review.url);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\nHost: attacker.example:" + uri.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
            assertThat(statusLine).contains(" 403");
        }
    }

    @Test
    void aCrossSiteActionIsRefused() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(review.url).resolve("/api/action"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"action\":\"restore\",\"files\":[\"duplicates/20200229_162000.0001.jpg\"]}"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", review.csrf)
                .header("Origin", "http://attacker.example").build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theLogShowsNoRowForRefusedActions() throws Exception {
        List<CSVRecord> rows = review.log();
        assertThat(rows).noneMatch(row -> row.get("Additional Info").contains("review page"));
    }
}
