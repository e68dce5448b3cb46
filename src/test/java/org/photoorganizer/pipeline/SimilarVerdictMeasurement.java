package org.photoorganizer.pipeline;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.similar.ImageQualityComparator;
import org.photoorganizer.dedupe.similar.PerceptualFingerprinter;
import org.photoorganizer.dedupe.similar.PerceptualHash;
import org.photoorganizer.dedupe.similar.SimilarityIndex;
import org.photoorganizer.dedupe.similar.SyntheticPhotos;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.index.LibraryIndex;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.move.SafeMover;
import org.photoorganizer.plan.FolderPattern;
import org.photoorganizer.plan.PathPlanner;

/**
 * Measures the similar-image verdicts end to end, through the real pipeline, date reader and fingerprinter, on
 * camera-like photos and copies made with ImageMagick and exiftool (docs/similar-threshold.md, "Verdicts"):
 * <ul>
 *   <li>recall: resized (ImageMagick {@code -resize 50%}), re-compressed ({@code -quality 70}) and
 *       metadata-stripped ({@code exiftool -all=}) copies of each original;</li>
 *   <li>edits (PNG conversion, {@code -modulate 115} and a watermark, both saved at quality 92, keeping the
 *       original's EXIF and stale thumbnail as ImageMagick does) arriving before or after the original: how often
 *       an edit keeps the library place;</li>
 *   <li>false verdicts: the originals among themselves, a different picture pasted over each original (keeping its
 *       EXIF, date and thumbnail), dusk and night scenes whose hashes fall within the threshold with camera times
 *       hours apart, and tiny and flat pictures;</li>
 *   <li>the cost of confirming a verdict on the decoded pictures of both files.</li>
 * </ul>
 * Run {@code main [PHOTOS [WIDTH [NIGHT_SCENES [TINY_AND_FLAT]]]]} (default 50 photos of 1600x1200, 40 dusk and
 * 40 night scenes, 20 tiny and 20 flat pictures); {@code SimilarVerdictMeasurementTest} runs a small slice in CI.
 */
public final class SimilarVerdictMeasurement {
    private static final LocalDateTime FIRST_SHOT = LocalDateTime.of(2024, 8, 14, 9, 0, 0);
    private static final int THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;

    /** What was measured; counts are of files, times in milliseconds per verdict. */
    public record Figures(int photos, int resizedFound, int recompressedFound, int strippedFound,
                          int editCases, int editsRecognised, int editsKeepingThePlace,
                          int falseVerdicts, int differentPairsTried, int closePairs,
                          List<Double> confirmMillis, List<Double> rejectMillis) {}

    private final Path work;
    private final int width;
    private final int height;
    private final PrintStream log;

    public SimilarVerdictMeasurement(Path work, int width, int height, PrintStream log) {
        this.work = work;
        this.width = width;
        this.height = height;
        this.log = log;
    }

    public Figures measure(int photos, int nightScenes, int tinyAndFlat) throws IOException {
        List<Path> originals = new ArrayList<>();
        for (int i = 0; i < photos; i++) {
            originals.add(original(i));
        }
        List<Double> confirm = new ArrayList<>();
        List<Double> reject = new ArrayList<>();
        int falseVerdicts = 0;
        int differentPairs = 0;

        // Copies against their originals; the originals and pasted-over pictures against everything.
        Library copies = new Library("copies", confirm, reject);
        for (Path original : originals) {
            copies.file(original);
        }
        falseVerdicts += copies.verdicts();
        differentPairs += photos * (photos - 1) / 2;
        int[] found = new int[3];
        String[] kinds = {"resized", "recompressed", "stripped"};
        for (int i = 0; i < photos; i++) {
            Path original = originals.get(i);
            Path[] made = {
                ImageTools.convert(original, work.resolve("resized-" + i + ".jpg"), "-resize", "50%",
                        "-quality", "85"),
                ImageTools.convert(original, work.resolve("recompressed-" + i + ".jpg"), "-quality", "70"),
                ImageTools.exiftool(Files.copy(original, work.resolve("stripped-" + i + ".jpg")), "-all=")};
            for (int k = 0; k < made.length; k++) {
                Optional<PipelineEvent.SimilarImage> verdict = copies.file(made[k]);
                if (verdict.isPresent() && copies.holds(verdict.get().better(), original)) {
                    found[k]++;
                } else {
                    log.printf("  %s copy of photo %d not found%n", kinds[k], i);
                }
            }
            Path pasted = pasteOver(original, SyntheticPhotos.photo(5000 + i, width, height), "pasted-" + i);
            if (copies.file(pasted).isPresent()) {
                falseVerdicts++;
                log.printf("  FALSE: a different picture pasted over photo %d was taken for it%n", i);
            }
            differentPairs++;
        }
        copies.close();

        // Edits: after the original, and before it.
        int editCases = 0;
        int recognised = 0;
        int keepingThePlace = 0;
        String[] editNames = {"PNG conversion", "brightened q92", "watermarked q92"};
        List<Path[]> edits = new ArrayList<>();
        for (int i = 0; i < photos; i++) {
            edits.add(edits(originals.get(i), i));
        }
        for (int e = 0; e < editNames.length; e++) {
            for (boolean editFirst : new boolean[] {false, true}) {
                Library library = new Library("edits", confirm, reject);
                if (editFirst) {
                    for (Path[] edit : edits) {
                        library.file(edit[e]);
                    }
                }
                for (Path original : originals) {
                    library.file(original);
                }
                if (!editFirst) {
                    for (Path[] edit : edits) {
                        library.file(edit[e]);
                    }
                }
                for (int i = 0; i < photos; i++) {
                    editCases++;
                    if (library.linked(edits.get(i)[e], originals.get(i))) {
                        recognised++;
                    }
                    if (!library.inLibraryArea(originals.get(i))) {
                        keepingThePlace++;
                        log.printf("  %s of photo %d (%s) kept the library place%n", editNames[e], i,
                                editFirst ? "edit first" : "original first");
                    }
                }
                library.close();
            }
        }

        // Different scenes whose hashes fall within the threshold, shot hours apart.
        Library night = new Library("night", confirm, reject);
        List<Long> sunsets = new ArrayList<>();
        List<Long> moons = new ArrayList<>();
        for (int i = 0; i < nightScenes; i++) {
            Path sunset = write(camera(SyntheticPhotos.sunsetOrMoon(i, width, height, false))
                    .dateTimeOriginal(FIRST_SHOT.plusHours(10).plusMinutes(i)), "sunset-" + i + ".jpg");
            Path moon = write(camera(SyntheticPhotos.sunsetOrMoon(1000 + i, width, height, true))
                    .dateTimeOriginal(FIRST_SHOT.plusHours(14).plusMinutes(i)), "moon-" + i + ".jpg");
            sunsets.add(pictureHash(sunset));
            moons.add(pictureHash(moon));
            night.file(sunset);
            night.file(moon);
        }
        int closePairs = 0;
        for (long sunset : sunsets) {
            for (long moon : moons) {
                closePairs += PerceptualHash.distance(sunset, moon) <= THRESHOLD ? 1 : 0;
            }
        }
        falseVerdicts += night.verdicts();
        differentPairs += nightScenes * nightScenes;
        night.close();

        // Tiny and flat pictures, without camera times.
        Library small = new Library("tiny-flat", confirm, reject);
        Random random = new Random(7);
        for (int i = 0; i < tinyAndFlat; i++) {
            small.file(write(Jpegs.builder().image(SyntheticPhotos.photo(7000 + i, 48, 36)).quality(0.9f),
                    "tiny-" + i + ".jpg"));
            small.file(write(Jpegs.builder().image(flat(random)).quality(0.9f), "flat-" + i + ".jpg"));
        }
        falseVerdicts += small.verdicts();
        differentPairs += 2 * tinyAndFlat * (2 * tinyAndFlat - 1) / 2;
        small.close();

        return new Figures(photos, found[0], found[1], found[2], editCases, recognised, keepingThePlace,
                falseVerdicts, differentPairs, closePairs, confirm, reject);
    }

    /** A camera's JPEG: make, model, firmware, PixelX/YDimension, a 160 px thumbnail, one minute apart. */
    private Path original(int i) throws IOException {
        BufferedImage picture = SyntheticPhotos.photo(2000 + i, width, height);
        return write(camera(picture).dateTimeOriginal(FIRST_SHOT.plusMinutes(i)), "IMG_" + (1000 + i) + ".JPG");
    }

    private static Jpegs.Builder camera(BufferedImage picture) {
        return Jpegs.builder().image(picture).quality(0.9f).model("EOS R6").software("Firmware Version 1.8.1")
                .exifPixelSize(true).thumbnail(true);
    }

    private Path[] edits(Path original, int i) throws IOException {
        return new Path[] {
            ImageTools.convert(original, work.resolve("converted-" + i + ".png")),
            ImageTools.convert(original, work.resolve("brightened-" + i + ".jpg"), "-modulate", "115",
                    "-quality", "92"),
            ImageTools.convert(original, work.resolve("watermarked-" + i + ".jpg"), "-gravity", "southeast",
                    "-fill", "rgba(255,255,255,0.6)", "-pointsize", String.valueOf(height / 22), "-annotate",
                    "+20+20", "(c) 2024 Jane Doe", "-quality", "92")};
    }

    /** "Paste a different picture over the original and save": ImageMagick keeps the first image's EXIF. */
    private Path pasteOver(Path original, BufferedImage other, String name) throws IOException {
        Path png = work.resolve(name + ".png");
        ImageIO.write(other, "png", png.toFile());
        return ImageTools.convert(original, work.resolve(name + ".jpg"), png.toString(), "-compose", "copy",
                "-composite", "-quality", "92");
    }

    private BufferedImage flat(Random random) {
        BufferedImage image = new BufferedImage(width / 2, height / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int base = 30 + random.nextInt(190);
        Color from = new Color(base, base + random.nextInt(20), Math.max(0, base - random.nextInt(20)));
        int shift = random.nextInt(9) - 4;
        Color to = new Color(clamp(from.getRed() + shift), clamp(from.getGreen() + shift),
                clamp(from.getBlue() + shift));
        g.setPaint(new GradientPaint(random.nextInt(width / 2), 0, from, random.nextInt(width / 2), height / 2, to));
        g.fillRect(0, 0, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private Path write(Jpegs.Builder builder, String name) {
        return builder.writeTo(work.resolve(name));
    }

    private long pictureHash(Path file) throws IOException {
        return new PerceptualFingerprinter(new NioFileOps()).readPicture(file, MediaKind.IMAGE).fingerprint()
                .orElseThrow().phash();
    }

    /** One library with its own inbox, index and pipeline; copies files in and says what became of them. */
    private final class Library implements AutoCloseable {
        private final Path inbox;
        private final Path root;
        private final LibraryIndex index;
        private final Pipeline pipeline;
        private final List<PipelineEvent> events = new ArrayList<>();
        private final TimedFingerprinter fingerprinter;
        private final List<Double> confirm;
        private final List<Double> reject;
        private final FileContent content;

        Library(String name, List<Double> confirm, List<Double> reject) throws IOException {
            Path dir = Files.createTempDirectory(work, name);
            this.inbox = Files.createDirectories(dir.resolve("in"));
            this.root = Files.createDirectories(dir.resolve("lib"));
            this.confirm = confirm;
            this.reject = reject;
            FileOps files = new NioFileOps();
            this.content = new FileContent(files);
            this.index = LibraryIndex.open(root.resolve(".photo-organizer/index.db"), root);
            this.fingerprinter = new TimedFingerprinter(new PerceptualFingerprinter(files));
            this.pipeline = new Pipeline(new Pipeline.Settings(inbox, false, THRESHOLD), files, new FileClassifier(),
                    new MetadataCaptureDateExtractor(Clock.systemDefaultZone(), files), fingerprinter, index,
                    new SimilarityIndex(), new ImageQualityComparator(),
                    new PathPlanner(root, new FolderPattern("{yyyy}/{MM}_{Mmm}")),
                    new SafeMover(files, content, index), events::add);
        }

        /** Files a copy of {@code file}; the similar verdict it caused, if any. */
        Optional<PipelineEvent.SimilarImage> file(Path file) throws IOException {
            Path source = Files.copy(file, inbox.resolve(file.getFileName()));
            int before = events.size();
            fingerprinter.pictureNanos = 0;
            if (pipeline.process(source) != Pipeline.Outcome.HANDLED) {
                throw new IllegalStateException(file + " was not handled: " + events.subList(before, events.size()));
            }
            Optional<PipelineEvent.SimilarImage> verdict = events.subList(before, events.size()).stream()
                    .filter(PipelineEvent.SimilarImage.class::isInstance).map(PipelineEvent.SimilarImage.class::cast)
                    .findFirst();
            if (fingerprinter.pictureNanos > 0) {
                (verdict.isPresent() ? confirm : reject).add(fingerprinter.pictureNanos / 1e6);
            }
            return verdict;
        }

        int verdicts() {
            return (int) events.stream().filter(PipelineEvent.SimilarImage.class::isInstance).count();
        }

        /** A verdict linked these two files (in either direction). */
        boolean linked(Path a, Path b) throws IOException {
            for (PipelineEvent event : events) {
                if (event instanceof PipelineEvent.SimilarImage s && ((holds(s.better(), a)
                        && holds(s.lesserTarget(), b)) || (holds(s.better(), b) && holds(s.lesserTarget(), a)))) {
                    return true;
                }
            }
            return false;
        }

        /** The original's bytes have a place in the library (not in Duplicates/). */
        boolean inLibraryArea(Path original) throws IOException {
            String md5 = content.md5(original);
            return index.findBySizeAndMd5(Files.size(original), md5).stream()
                    .anyMatch(entry -> entry.area() == LibraryIndex.Area.LIBRARY);
        }

        boolean holds(Path path, Path original) throws IOException {
            return Files.isRegularFile(path) && Files.size(path) == Files.size(original)
                    && Arrays.equals(Files.readAllBytes(path), Files.readAllBytes(original));
        }

        @Override
        public void close() throws IOException {
            index.close();
        }
    }

    /** The real fingerprinter, timing the decodes of pictures that confirm or reject a candidate. */
    private static final class TimedFingerprinter implements ImageFingerprinter {
        private final ImageFingerprinter real;
        long pictureNanos;

        TimedFingerprinter(ImageFingerprinter real) {
            this.real = real;
        }

        @Override
        public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
            return real.fingerprint(file, kind);
        }

        @Override
        public ImageReading read(Path file, MediaKind kind) throws IOException {
            return real.read(file, kind);
        }

        @Override
        public ImageReading readPicture(Path file, MediaKind kind) throws IOException {
            long start = System.nanoTime();
            try {
                return real.readPicture(file, kind);
            } finally {
                pictureNanos += System.nanoTime() - start;
            }
        }

        @Override
        public int algorithmVersion() {
            return real.algorithmVersion();
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    public static void main(String[] args) throws IOException {
        int photos = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 1600;
        int height = width * 3 / 4;
        int nightScenes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int tinyAndFlat = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path work = Files.createTempDirectory("similar-verdicts");
        long start = System.nanoTime();
        Figures f = new SimilarVerdictMeasurement(work, width, height, System.out).measure(photos, nightScenes,
                tinyAndFlat);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("%n%d photos of %dx%d, %d s (work folder %s)%n", photos, width, height, seconds, work);
        System.out.printf("| copies found | resized 50%% | re-compressed q70 | metadata stripped |%n|---|---:|---:|---:|%n");
        System.out.printf("| of %d | %d | %d | %d |%n", f.photos(), f.resizedFound(), f.recompressedFound(),
                f.strippedFound());
        System.out.printf("edits (PNG, brightened q92, watermarked q92; edit first and original first): %d cases, "
                + "%d recognised as similar, %d kept the library place%n", f.editCases(), f.editsRecognised(),
                f.editsKeepingThePlace());
        System.out.printf("different pictures: %d pairs, %d dusk/night pairs within the threshold, %d similar "
                + "verdicts%n", f.differentPairsTried(), f.closePairs(), f.falseVerdicts());
        System.out.printf("pixel confirmation per verdict: median %.1f ms, p90 %.1f ms, max %.1f ms (%d verdicts)%n",
                percentile(f.confirmMillis(), 0.5), percentile(f.confirmMillis(), 0.9),
                percentile(f.confirmMillis(), 1.0), f.confirmMillis().size());
        System.out.printf("candidates rejected on their pictures: %d, median %.1f ms%n", f.rejectMillis().size(),
                percentile(f.rejectMillis(), 0.5));
    }
}
