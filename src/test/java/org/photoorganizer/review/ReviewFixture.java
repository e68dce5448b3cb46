package org.photoorganizer.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.photoorganizer.app.PhotoOrganizerService;
import org.photoorganizer.app.ServiceAssembly;
import org.photoorganizer.config.Config;
import org.photoorganizer.demo.SampleInbox;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;

/**
 * A real service in this JVM over the demo's sample inbox (plus one file left in NoDateFound/ and one
 * empty file that fails), filed once, with the review page started in demo mode on a free port.
 */
final class ReviewFixture implements AutoCloseable {
    final Path inbox;
    final Path library;
    final Counting files = new Counting();
    final ReviewPage page;
    final PhotoOrganizerService service;
    final String url;
    final String csrf;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Counts every FileOps call, so tests can prove that an idle page reads nothing. */
    static final class Counting extends ForwardingFileOps {
        final AtomicLong calls = new AtomicLong();

        Counting() {
            super(new NioFileOps());
        }

        @Override
        public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws IOException {
            calls.incrementAndGet();
            return super.attributes(path);
        }

        @Override
        public boolean exists(Path path) {
            calls.incrementAndGet();
            return super.exists(path);
        }

        @Override
        public java.io.InputStream openRead(Path file) throws IOException {
            calls.incrementAndGet();
            return super.openRead(file);
        }

        @Override
        public java.nio.channels.SeekableByteChannel openChannel(Path file) throws IOException {
            calls.incrementAndGet();
            return super.openChannel(file);
        }

        @Override
        public List<Path> list(Path dir) throws IOException {
            calls.incrementAndGet();
            return super.list(dir);
        }
    }

    ReviewFixture(Path temp, boolean deleteDuplicates) throws Exception {
        inbox = Files.createDirectories(temp.resolve("PhotosToProcess"));
        library = Files.createDirectories(temp.resolve("Photos"));
        SampleInbox.write(inbox);
        Files.createFile(inbox.resolve("IMG_9999.jpg"));
        Path noDate = Files.createDirectories(library.resolve("NoDateFound"));
        javax.imageio.ImageIO.write(SampleInbox.scene(99, 640, 480), "png", noDate.resolve("old-scan_2003-06-15.png").toFile());
        Config config = new Config(inbox, library, deleteDuplicates, 6, Duration.ofMillis(500), Duration.ofHours(1),
                "{yyyy}/{MM}_{Mmm}", library, null);
        ServiceAssembly assembly = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "tester",
                new PrintStream(new ByteArrayOutputStream()), files);
        page = assembly.reviewPage(ReviewSettings.resolve(true, Optional.of(0), Optional.empty(), Map.of()));
        service = assembly.service();
        service.prepare();
        service.runOnce();
        url = page.start(service.reviewBackend());
        Matcher token = Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(get("/").body());
        csrf = token.find() ? token.group(1) : "";
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url).resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url).resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> action(String json) throws IOException, InterruptedException {
        return action(json, csrf, "application/json");
    }

    HttpResponse<String> action(String json, String token, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url).resolve("/api/action"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", contentType);
        if (token != null) {
            request.header("X-CSRF-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<CSVRecord> log() throws IOException {
        try (CSVParser parser = CSVParser.parse(library.resolve("photo_organizer_log.csv"),
                java.nio.charset.StandardCharsets.UTF_8, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return parser.getRecords();
        }
    }

    List<CSVRecord> systemLog() throws IOException {
        try (CSVParser parser = CSVParser.parse(library.resolve("system_log.csv"),
                java.nio.charset.StandardCharsets.UTF_8, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return parser.getRecords();
        }
    }

    @Override
    public void close() {
        page.close();
        service.close();
    }
}
