package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.demo.SampleInbox;

/**
 * What the review page costs an idle service: two services on the same sample, in the same run, one with
 * the page (every view and preview loaded once, then left alone), one without, compared after both idled
 * and had a full GC. Both touch their whole heap at start ({@code -XX:+AlwaysPreTouch}): otherwise the
 * resident size mostly tells how much of the heap the last allocations happened to touch, not what either
 * keeps. The page's cost is then the extra resident memory outside the heap (classes, code, threads,
 * native image libraries) plus the extra live heap (its caches and state).
 */
class ReviewMemoryIT {
    static final long BUDGET_KB = 10 * 1024;

    @TempDir
    Path temp;

    @Test
    void thePageCostsAtMostTenMegabytesOfResidentMemoryWhileIdle() throws Exception {
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        assertThat(Path.of("/proc/self/status")).as("needs Linux /proc").exists();
        Process without = start(jar, temp.resolve("without"), false);
        Process with = start(jar, temp.resolve("with"), true);
        try {
            ReviewBrowserIT.awaitFile(temp.resolve("without/Photos/Duplicates/20200229_162000.0001.jpg"),
                    temp.resolve("without/service.log"));
            ReviewBrowserIT.awaitFile(temp.resolve("with/Photos/Duplicates/20200229_162000.0001.jpg"),
                    temp.resolve("with/service.log"));
            String url = ReviewBrowserIT.awaitUrl(temp.resolve("with/service.log"));
            HttpClient http = HttpClient.newHttpClient();
            for (String view : List.of("", "api/status", "api/activity", "api/duplicates", "api/nodate", "api/errors",
                    "plot/filed.svg", "plot/library.svg", "plot/saved.svg", "thumb?f=duplicates/20200229_162000.0001.jpg",
                    "thumb?f=library/2020/02_Feb/20200229_162000.jpg", "thumb?f=library/2019/07_Jul/20190714_103000.jpg",
                    "thumb?f=library/2021/12_Dec/20211224_180512.jpg", "thumb?f=library/2025/01_Jan/20250103_140207.jpg")) {
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url + view)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(answer.statusCode()).as(view).isEqualTo(200);
            }
            Thread.sleep(20_000);
            long withoutHeap = liveHeapKb(without.pid());
            long withHeap = liveHeapKb(with.pid());
            long withoutKb = rssKb(without.pid());
            long withKb = rssKb(with.pid());
            long cost = (withKb - withoutKb) + Math.max(0, withHeap - withoutHeap);
            System.out.printf("Idle, after a full GC: resident %d KB without the review page, %d KB with it (all views "
                    + "loaded once); live heap %d KB and %d KB; the page's cost %d KB%n", withoutKb, withKb, withoutHeap,
                    withHeap, cost);
            assertThat(cost).as("extra resident memory plus extra live heap of the review page, KB")
                    .isLessThanOrEqualTo(BUDGET_KB);
        } finally {
            for (Process process : List.of(without, with)) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static Process start(Path jar, Path dir, boolean page) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("PhotosToProcess"));
        Path library = Files.createDirectories(dir.resolve("Photos"));
        SampleInbox.write(inbox);
        Path config = Files.writeString(dir.resolve("config.ini"), """
                [paths]
                source_dir = %s
                destination_root = %s
                [processing]
                settle_seconds = 0.5
                """.formatted(inbox, library));
        // The package's JVM options and malloc setting, as the NAS runs the service; then the whole heap
        // committed and touched from the start.
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String line : Files.readAllLines(Path.of("conf/jvm.options"))) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                command.add(line.strip());
            }
        }
        command.addAll(List.of("-Xms128m", "-XX:+AlwaysPreTouch", "-jar", jar.toString(), "--config", config.toString()));
        if (page) {
            command.addAll(List.of("--review-demo", "--review-port", "0"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder.start();
    }

    /** Runs a full GC in the process and returns the heap in use after it. */
    private static long liveHeapKb(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, String.valueOf(pid), "GC.run");
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        // G1 prints one heap line; the serial collector one per generation (young, then tenured): all are summed.
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K")
                .matcher(info);
        long kb = 0;
        boolean found = false;
        while (used.find()) {
            kb += Long.parseLong(used.group(1));
            found = true;
        }
        if (!found) {
            throw new AssertionError("no heap use in: " + info);
        }
        return kb;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + output);
        }
        return output;
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
