package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fixtures.Mp4s;
import org.photoorganizer.fixtures.Pngs;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;

/**
 * Hostile input dropped into a watched inbox: broken and lying files, names a shell or spreadsheet would
 * trip over, symbolic links out of the inbox, the same photo twice at once. Every file gets an outcome
 * and a log line, nothing is lost, nothing outside the inbox is touched, and the service keeps going.
 */
class HostileInputTest {
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration GRACE = Duration.ofSeconds(3);

    @TempDir
    Path temp;

    @Test
    void everyHostileFileGetsAClearOutcomeAndTheServiceKeepsRunning() throws Exception {
        Path source = Files.createDirectories(temp.resolve("inbox"));
        Path dest = Files.createDirectories(temp.resolve("library"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path secret = Jpegs.builder().seed(5).dateTimeOriginal(LocalDateTime.of(2020, 5, 5, 5, 5, 5))
                .writeTo(outside.resolve("secret.jpg"));
        Path secretInDir = Jpegs.builder().seed(6).writeTo(outside.resolve("dir/private.jpg"));
        Map<Path, String> outsideBefore = Map.of(secret, ContentInvariant.digest(secret), secretInDir,
                ContentInvariant.digest(secretInDir));
        Path staging = Files.createDirectories(temp.resolve("staging"));
        Map<String, byte[]> hostile = hostileFiles();

        // A short grace: the cut-short files wait for their rest, then are filed as they are within the test.
        try (ServiceHarness service = new ServiceHarness(source, dest, new NioFileOps(), true, SETTLE, GRACE)
                .prepare()) {
            service.startWatching();
            // Staged outside and then moved in, so the invariant knows every file's bytes up front.
            for (Map.Entry<String, byte[]> file : hostile.entrySet()) {
                Files.write(staging.resolve(file.getKey()), file.getValue());
            }
            Files.createSymbolicLink(staging.resolve("link to secret.jpg"), secret);
            Files.createSymbolicLink(staging.resolve("linked folder"), outside.resolve("dir"));
            ContentInvariant invariant = ContentInvariant.before(staging, dest);
            List<Path> dropped = new ArrayList<>();
            try (var entries = Files.list(staging)) {
                for (Path entry : entries.toList()) {
                    dropped.add(Files.move(entry, source.resolve(entry.getFileName())));
                }
            }

            // Hidden files are ignored and never touched (SPEC "Which files"): no outcome is expected for them.
            dropped.removeIf(file -> file.getFileName().toString().startsWith("."));
            boolean allSeen = Waits.until(Duration.ofSeconds(60), () -> dropped.stream()
                    .allMatch(file -> service.eventsFor(file).stream().anyMatch(HostileInputTest::isOutcome)));

            assertThat(allSeen).as("an outcome for every file; missing: %s", dropped.stream()
                    .filter(file -> service.eventsFor(file).stream().noneMatch(HostileInputTest::isOutcome))
                    .toList()).isTrue();
            dropped.forEach(file -> System.out.println("hostile input " + file.getFileName().toString()
                    .replace("\n", "\\n") + " -> " + service.eventsFor(file).stream()
                    .filter(HostileInputTest::isOutcome).findFirst().orElseThrow()));
            assertThat(service.failures()).allSatisfy(failure -> assertThat(failure.message())
                    .isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:"));
            assertThat(service.eventsFor(source.resolve("link to secret.jpg")))
                    .anySatisfy(event -> assertThat(event).isInstanceOf(PipelineEvent.Skipped.class));
            assertThat(service.eventsFor(source.resolve("linked folder")))
                    .anySatisfy(event -> assertThat(event).isInstanceOf(PipelineEvent.Skipped.class));
            assertThat(service.eventsOf(PipelineEvent.DuplicateDeleted.class)).hasSize(1);
            // Cut short: never an Error row, filed as they are once the grace time passed, and the row says so.
            for (String name : List.of("truncated.jpg", "truncated half.jpg", "truncated.png", "truncated.mp4",
                    "truncated.heic", "huge box.mp4")) {
                assertThat(service.eventsFor(source.resolve(name))).as(name)
                        .noneMatch(event -> event instanceof PipelineEvent.Failed)
                        .filteredOn(PipelineEvent.Filed.class::isInstance).singleElement()
                        .satisfies(event -> assertThat(((PipelineEvent.Filed) event).note())
                                .contains("it looked incomplete").contains("had not changed for 3 s"));
            }
            // The invariant reads the Error lines back from the CSV log: names with newlines and quotes included.
            assertThat(invariant.withInput(ContentInvariant.digest(secret), 0)
                    .violations(source, dest, ContentInvariant.reportedInLog(service.operationLog()))).isEmpty();
            outsideBefore.forEach((file, digest) -> assertThat(ContentInvariant.digest(file)).isEqualTo(digest));
            assertThat(Files.isSymbolicLink(source.resolve("link to secret.jpg"))).isTrue();
            assertThat(pwnedFiles()).isEmpty();

            Path afterwards = Jpegs.builder().seed(4242).dateTimeOriginal(LocalDateTime.of(2022, 2, 2, 2, 2, 2))
                    .writeTo(source.resolve("afterwards.jpg"));
            assertThat(Waits.until(Duration.ofSeconds(20), () -> service.eventsFor(afterwards).stream()
                    .anyMatch(event -> event instanceof PipelineEvent.Filed)))
                    .as("a normal photo is still filed after the hostile ones").isTrue();
        }
    }

    private static boolean isOutcome(PipelineEvent event) {
        return !(event instanceof PipelineEvent.Detected);
    }

    private List<Path> pwnedFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : List.of(temp, Path.of("").toAbsolutePath())) {
            try (var files = Files.walk(root, 3)) {
                files.filter(path -> path.getFileName() != null
                        && path.getFileName().toString().startsWith("pwned")).forEach(found::add);
            }
        }
        return found;
    }

    /** File name → content; every picture different, so each outcome can be told apart. */
    private static Map<String, byte[]> hostileFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        LocalDateTime date = LocalDateTime.of(2021, 3, 4, 5, 6, 7);
        int seed = 100;
        for (String name : List.of("with   spaces .jpg", "ünïcödé 写真 📷.jpg", "new\nline.jpg", "-rf.jpg",
                "--help.jpg", "a;rm -rf ~;b.jpg", "$(touch pwned).jpg", "`touch pwned2`.jpg",
                "quote\"and'apostrophe.jpg", "=HYPERLINK(\"http-x\").jpg", "tab\tname.JPG", "back\\slash.jpg",
                "dots..in..name.jpg", ".hidden but ignored.jpg")) {
            files.put(name, Jpegs.builder().seed(seed++).dateTimeOriginal(date.plusMinutes(seed)).bytes());
        }
        byte[] jpeg = Jpegs.builder().size(64, 48).seed(seed++).dateTimeOriginal(date).bytes();
        byte[] png = Pngs.builder().size(64, 48).seed(seed++).bytes();
        byte[] mp4 = Mp4s.builder().seed(seed++).mvhdCreation(date.toInstant(java.time.ZoneOffset.UTC)).bytes();
        files.put("truncated.jpg", Arrays.copyOf(jpeg, 40));
        files.put("truncated half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        files.put("garbage.jpg", garbage(3000, 1));
        files.put("truncated.png", Arrays.copyOf(png, png.length / 2));
        files.put("garbage.png", garbage(2000, 2));
        files.put("truncated.mp4", Arrays.copyOf(mp4, mp4.length / 2));
        files.put("garbage.mov", garbage(5000, 3));
        files.put("huge box.mp4", hugeBox(mp4));
        files.put("truncated.heic", truncatedHeic());
        files.put("garbage.heic", garbage(4000, 4));
        files.put("empty.jpg", new byte[0]);
        files.put("empty.mp4", new byte[0]);
        files.put("bomb 100000x100000.png", pngClaiming(png, 100_000, 100_000));
        files.put("bomb 65535x65535.jpg", jpegClaiming(jpeg, 65_535, 65_535));
        byte[] twin = Jpegs.builder().seed(seed).dateTimeOriginal(date.plusDays(1)).bytes();
        files.put("twin one.jpg", twin);
        files.put("twin two.jpg", twin.clone());
        files.put("notes.txt", "not a photo".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static byte[] garbage(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A valid PNG whose IHDR claims another size (with a correct CRC, so parsers believe it). */
    static byte[] pngClaiming(byte[] png, int width, int height) {
        byte[] bytes = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return bytes;
    }

    /** A valid JPEG whose SOF claims another size (16 bits each: 65535 is the most a JPEG can claim). */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] bytes = jpeg.clone();
        for (int i = 2; i + 8 < bytes.length; i++) {
            int marker = bytes[i + 1] & 0xFF;
            if ((bytes[i] & 0xFF) == 0xFF && marker >= 0xC0 && marker <= 0xC2) {
                bytes[i + 5] = (byte) (height >> 8);
                bytes[i + 6] = (byte) height;
                bytes[i + 7] = (byte) (width >> 8);
                bytes[i + 8] = (byte) width;
                return bytes;
            }
        }
        throw new IllegalArgumentException("no SOF marker");
    }

    /** An MP4 that starts with a box claiming to be exabytes long. */
    private static byte[] hugeBox(byte[] mp4) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(mp4, 32));
        out.writeBytes(new byte[] {0, 0, 0, 1, 'm', 'o', 'o', 'v', 0x7F, -1, -1, -1, -1, -1, -1, -1});
        out.writeBytes(new byte[64]);
        return out.toByteArray();
    }

    private static byte[] truncatedHeic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'});
        out.writeBytes(new byte[] {0, 0, 1, 0, 'm', 'e', 't', 'a', 0, 0, 0, 0, 0, 0, 0, 33, 'h', 'd', 'l', 'r'});
        return out.toByteArray();
    }
}
