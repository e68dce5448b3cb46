package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each action of the review page, on a fresh service: what moves where, and the rows it leaves in the logs. */
class ReviewActionsTest {
    private static final String SET_ASIDE = "duplicates/20200229_162000.0001.jpg";

    @TempDir
    Path temp;
    ReviewFixture review;

    @AfterEach
    void stop() {
        if (review != null) {
            review.close();
        }
    }

    private CSVRecord lastRow() throws Exception {
        List<CSVRecord> rows = review.log();
        return rows.get(rows.size() - 1);
    }

    @Test
    void keepBothPutsTheSetAsideVersionIntoTheLibraryUnderItsOwnDate() throws Exception {
        review = new ReviewFixture(temp, true);
        Path aside = review.library.resolve("Duplicates/20200229_162000.0001.jpg");
        byte[] bytes = Files.readAllBytes(aside);

        HttpResponse<String> answer = review.action("{\"action\":\"restore\",\"files\":[\"" + SET_ASIDE + "\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(aside).doesNotExist();
        Path kept = review.library.resolve("2020/02_Feb/20200229_162000_A.jpg");
        assertThat(kept).hasBinaryContent(bytes);
        assertThat(review.library.resolve("2020/02_Feb/20200229_162000.jpg")).exists();
        CSVRecord row = lastRow();
        assertThat(row.get("Event")).isEqualTo("File moved");
        assertThat(row.get("File/Folder")).isEqualTo(kept.toString());
        assertThat(row.get("Additional Info")).contains("from " + aside);
        assertThat(review.systemLog().get(review.systemLog().size() - 1).get("Event"))
                .contains("Review page: demo kept in the library: 1 of 1");
        assertThat(review.service.reviewBackend().index().findByPath(kept)).isPresent();
        assertThat(review.service.reviewBackend().index().findByPath(aside)).isEmpty();
    }

    @Test
    void backIntoTheInboxMovesTheFileWithALogRow() throws Exception {
        review = new ReviewFixture(temp, true);
        Path aside = review.library.resolve("Duplicates/20200229_162000.0001.jpg");
        byte[] bytes = Files.readAllBytes(aside);

        assertThat(review.action("{\"action\":\"inbox\",\"files\":[\"" + SET_ASIDE + "\"]}").statusCode()).isEqualTo(200);

        assertThat(aside).doesNotExist();
        assertThat(review.inbox.resolve("20200229_162000.0001.jpg")).hasBinaryContent(bytes);
        CSVRecord row = lastRow();
        assertThat(row.get("Event")).isEqualTo("File moved");
        assertThat(row.get("Additional Info")).contains("put back into the inbox on the review page");
    }

    @Test
    void deletingAnExactCopyConfirmsTheKeptCopyAndSaysSo() throws Exception {
        review = new ReviewFixture(temp, false);
        String body = review.get("/api/duplicates").body();
        assertThat(body).contains("\"kind\":\"exact\"");
        Path copy = review.library.resolve("Duplicates/20220309_111111.0001.jpg");
        assertThat(copy).exists();

        HttpResponse<String> answer = review.action("{\"action\":\"delete\",\"files\":[\"duplicates/20220309_111111.0001.jpg\"],"
                + "\"confirm\":\"delete for good\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(copy).doesNotExist();
        assertThat(review.library.resolve("2022/03_Mar/20220309_111111.jpg")).exists();
        CSVRecord row = lastRow();
        assertThat(row.get("Event")).isEqualTo("Duplicate Deleted");
        assertThat(row.get("Additional Info")).isEqualTo("identical to " + review.library.resolve("2022/03_Mar/20220309_111111.jpg"));
    }

    @Test
    void deletingASimilarImageSaysWhoAskedAndThatNoIdenticalCopyWasKept() throws Exception {
        review = new ReviewFixture(temp, true);

        assertThat(review.action("{\"action\":\"delete\",\"files\":[\"" + SET_ASIDE + "\"],\"confirm\":\"delete for good\"}")
                .statusCode()).isEqualTo(200);

        assertThat(review.library.resolve("Duplicates/20200229_162000.0001.jpg")).doesNotExist();
        CSVRecord row = lastRow();
        assertThat(row.get("Event")).isEqualTo("Duplicate Deleted");
        assertThat(row.get("Additional Info")).isEqualTo("deleted for good on the review page by demo; no identical copy was kept");
    }

    @Test
    void settingADateFilesTheFileLikeANewPhotoOfThatDate() throws Exception {
        review = new ReviewFixture(temp, true);
        Path scan = review.library.resolve("NoDateFound/old-scan_2003-06-15.png");
        byte[] bytes = Files.readAllBytes(scan);

        HttpResponse<String> answer = review.action("{\"action\":\"setdate\",\"date\":\"2003-06-15T12:00\","
                + "\"files\":[\"nodate/old-scan_2003-06-15.png\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(scan).doesNotExist();
        assertThat(review.library.resolve("2003/06_Jun/20030615_120000.png")).hasBinaryContent(bytes);
        assertThat(lastRow().get("Additional Info")).isEqualTo("from " + scan);
    }

    @Test
    void retryTakesAFailedFileAgainAtOnce() throws Exception {
        review = new ReviewFixture(temp, true);
        long errors = review.log().stream().filter(r -> r.get("Event").equals("Error")).count();

        HttpResponse<String> answer = review.action("{\"action\":\"retry\",\"files\":[\"inbox/IMG_9999.jpg\"]}");

        // Still empty, so it fails again, now, with a new row and the reason in the answer.
        assertThat(answer.body()).contains("empty file");
        assertThat(review.log().stream().filter(r -> r.get("Event").equals("Error")).count()).isEqualTo(errors + 1);
        assertThat(review.inbox.resolve("IMG_9999.jpg")).exists();
    }
}
