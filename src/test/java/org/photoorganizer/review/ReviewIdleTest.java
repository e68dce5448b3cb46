package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing while nobody looks: with the page served and every view loaded once, an idle service makes no
 * file-system call, and a tab that keeps polling the status while nothing happens makes none either.
 */
class ReviewIdleTest {
    @TempDir
    Path temp;

    @Test
    void anIdleServiceWithThePageOnReadsNothingEvenWhileATabPolls() throws Exception {
        try (ReviewFixture review = new ReviewFixture(temp, true)) {
            for (String view : new String[] {"/", "/api/status", "/api/activity", "/api/duplicates", "/api/nodate",
                    "/api/errors", "/plot/filed.svg", "/plot/library.svg", "/plot/saved.svg",
                    "/thumb?f=library/2019/07_Jul/20190714_103000.jpg"}) {
                assertThat(review.get(view).statusCode()).as(view).isEqualTo(200);
            }
            long afterViews = review.files.calls.get();
            Thread.sleep(3_000);
            assertThat(review.files.calls.get() - afterViews).as("file-system calls in 3 s of idling").isZero();

            for (int i = 0; i < 3; i++) {
                assertThat(review.get("/api/status").statusCode()).isEqualTo(200);
            }
            assertThat(review.files.calls.get() - afterViews).as("file-system calls of three status polls").isZero();

            // The seam does count: a view that must look at the disk does.
            review.get("/api/nodate");
            assertThat(review.files.calls.get()).isGreaterThan(afterViews);
        }
    }

    @Test
    void anOpenPageNobodyIsLookingAtSpendsNoCpu() throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Set<Long> before = new java.util.HashSet<>();
        for (long id : threads.getAllThreadIds()) {
            before.add(id);
        }
        try (ReviewFixture review = new ReviewFixture(temp, true)) {
            assertThat(review.get("/").statusCode()).isEqualTo(200);
            assertThat(review.get("/api/status").statusCode()).isEqualTo(200);
            Thread.sleep(500); // the last answer's connection closed, its thread back waiting
            java.util.Map<String, Long> started = new java.util.TreeMap<>();
            for (long id : threads.getAllThreadIds()) {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                // The fixture's own HTTP client (the browser's side) is not the page.
                if (!before.contains(id) && info != null && !info.getThreadName().startsWith("HttpClient")) {
                    started.put(info.getThreadName() + "#" + id, threads.getThreadCpuTime(id));
                }
            }
            assertThat(started).as("the page's threads").isNotEmpty();

            Thread.sleep(3_000);

            // JDK's HttpServer polled its selector every second here; a thread blocked in accept() never runs.
            for (java.util.Map.Entry<String, Long> thread : started.entrySet()) {
                long id = Long.parseLong(thread.getKey().substring(thread.getKey().lastIndexOf('#') + 1));
                long now = threads.getThreadCpuTime(id);
                assertThat(now == -1 ? thread.getValue() : now).as("CPU time of %s while idle", thread.getKey())
                        .isEqualTo(thread.getValue());
            }
        }
    }
}
