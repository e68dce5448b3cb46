package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageReading.Comparison;
import org.photoorganizer.dedupe.ImageReading.Source;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.fixtures.ImageTools;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.ForwardingReadChannel;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.media.MediaKind;

/** What the fingerprinter says of each kind of file: a fingerprint, or why the file is compared exactly only. */
class ImageReadingTest {

    private static final int THRESHOLD = PerceptualHash.DEFAULT_SIMILAR_THRESHOLD;
    private static final int SAME_PICTURE = 2;

    @TempDir
    Path dir;

    private final PerceptualFingerprinter fingerprinter = new PerceptualFingerprinter(new NioFileOps());

    // --- too small and flat pictures (their hashes match unrelated pictures) ---

    @Test
    void imagesWithASideOf48PxOrLessAreComparedAsExactDuplicatesOnly() throws IOException {
        for (int[] size : new int[][] {{48, 48}, {400, 48}, {48, 400}, {32, 24}}) {
            ImageReading reading = read(TestImages.jpeg(SyntheticPhotos.photo(1, size[0], size[1]), 0.9f),
                    size[0] + "x" + size[1] + ".jpg");
            assertThat(reading.comparison()).as("%dx%d", size[0], size[1]).isEqualTo(Comparison.TOO_SMALL);
            assertThat(reading.fingerprint()).isEmpty();
        }
        assertThat(read(TestImages.jpeg(SyntheticPhotos.photo(1, 64, 49), 0.9f), "64x49.jpg").comparison())
                .isEqualTo(Comparison.SIMILAR);
    }

    @Test
    void nearSingleColourPicturesAreComparedAsExactDuplicatesOnly() throws IOException {
        BufferedImage grey = solid(new Color(128, 128, 128), 800, 600, 3, 1);
        BufferedImage night = solid(new Color(12, 14, 20), 800, 600, 4, 2);
        BufferedImage sky = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sky.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(150, 180, 225), 0, 600, new Color(165, 195, 235)));
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        for (BufferedImage flat : List.of(grey, night, sky)) {
            ImageReading reading = read(TestImages.jpeg(flat, 0.9f), flat.hashCode() + ".jpg");
            assertThat(reading.comparison()).isEqualTo(Comparison.FLAT);
        }
        // A dull but real photo is not flat: the line lies well below ordinary pictures.
        BufferedImage dull = SyntheticPhotos.photo(2, 800, 600);
        Graphics2D veil = dull.createGraphics();
        veil.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.6f));
        veil.setColor(Color.GRAY);
        veil.fillRect(0, 0, 800, 600);
        veil.dispose();
        assertThat(PerceptualHash.stddev(GreyscaleBoxFilter.shrink(dull, PerceptualHash.INPUT_SIZE)))
                .isLessThan(3 * PerceptualHash.FLAT_STDDEV);
        assertThat(read(TestImages.jpeg(dull, 0.9f), "dull.jpg").comparison()).isEqualTo(Comparison.SIMILAR);
    }

    @Test
    void aBlankThumbnailDoesNotMakeAPictureFlat() throws IOException {
        BufferedImage photo = SyntheticPhotos.photo(3, 1200, 900);
        byte[] black = TestImages.jpeg(solid(Color.BLACK, 160, 120, 0, 0), 0.8f);
        ImageReading reading = read(TestImages.jpegWithExif(photo, 0.9f, 1, black), "black-thumb.jpg");
        assertThat(reading.comparison()).isEqualTo(Comparison.SIMILAR);
        assertThat(reading.source()).isEqualTo(Source.PICTURE);
    }

    // --- HEIC ---

    @Test
    void anHeicThatHeifEncMadeFromACameraJpegIsFingerprintedFromItsExifThumbnail() throws IOException {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireHeifEnc();
        BufferedImage photo = noisy(SyntheticPhotos.photo(5, 2000, 1500), 5);
        Path jpeg = cameraJpeg(photo, "camera.jpg");
        Path heic = ImageTools.heifEnc(jpeg, dir.resolve("camera.heic"), "-q", "90");
        assertThat(Files.size(heic)).as("the Exif item lies after the picture, past the first MB")
                .isGreaterThan(1 << 20);

        ImageReading reading = fingerprinter.read(heic, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.SIMILAR);
        assertThat(reading.source()).isEqualTo(Source.PREVIEW);
        ImageFingerprint print = reading.fingerprint().orElseThrow();
        assertThat(print.width()).isEqualTo(2000);
        assertThat(print.height()).isEqualTo(1500);
        assertThat(distance(print, fingerprinter.read(jpeg, MediaKind.IMAGE).fingerprint().orElseThrow()))
                .isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(reading.origin().format()).isEqualTo("HEIC");
        assertThat(reading.origin().make()).isEqualTo("Canon");
        assertThat(reading.origin().cameraOriginal()).isTrue();
    }

    @Test
    void anHeicWhoseExifItemExiftoolWroteIsFingerprinted() throws IOException {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireHeifEnc();
        BufferedImage photo = SyntheticPhotos.photo(6, 1200, 900);
        Path png = dir.resolve("source.png");
        TestImages.writeImage(photo, "png", png);
        Path heic = ImageTools.heifEnc(png, dir.resolve("tagged.heic"), "-q", "80");
        Path thumbnail = dir.resolve("thumb.jpg");
        TestImages.write(thumbnail, TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 8), 0.8f));
        // exiftool writes the Exif item as iPhones do: offset 6, then "Exif\0\0" and the TIFF header.
        ImageTools.exiftool(heic, "-Make=Apple", "-Model=iPhone 12", "-DateTimeOriginal=2024:08:14 13:47:57",
                "-ThumbnailImage<=" + thumbnail);

        ImageReading reading = fingerprinter.read(heic, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.SIMILAR);
        assertThat(distance(reading.fingerprint().orElseThrow(), fingerprintOf(TestImages.jpeg(photo, 0.9f))))
                .isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(reading.origin().model()).isEqualTo("iPhone 12");
    }

    @Test
    void anHeicWithoutAJpegPreviewIsComparedAsExactDuplicatesOnlyNotCalledDamaged() throws IOException {
        ImageTools.requireHeifEnc();
        Path png = dir.resolve("source.png");
        TestImages.writeImage(SyntheticPhotos.photo(7, 1200, 900), "png", png);
        // Like an iPhone's: its only thumbnail is HEVC-coded (a thmb item), which the service does not decode.
        Path heic = ImageTools.heifEnc(png, dir.resolve("iphone-like.heic"), "-q", "80", "-t", "240");

        ImageReading reading = fingerprinter.read(heic, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.NOT_DECODED);
        assertThat(reading.detail()).isEqualTo("HEIC without a JPEG preview");
    }

    @Test
    void anHeicCutShortIsDamaged() throws IOException {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireHeifEnc();
        Path jpeg = cameraJpeg(SyntheticPhotos.photo(8, 1200, 900), "cut.jpg");
        byte[] whole = Files.readAllBytes(ImageTools.heifEnc(jpeg, dir.resolve("whole.heic"), "-q", "80"));
        ImageReading reading = read(Arrays.copyOf(whole, whole.length / 2), "cut.heic");
        assertThat(reading.comparison()).isEqualTo(Comparison.DAMAGED);
        assertThat(reading.detail()).contains("HEIF");
    }

    // --- JPEG variants, damaged files, formats not decoded ---

    @Test
    void theJpegVariantsUsersHaveAreDecoded() throws IOException {
        ImageTools.requireImageMagickAndExiftool();
        ImageTools.requireJpegTools();
        ImageTools.requireGraphicsMagick();
        BufferedImage photo = SyntheticPhotos.photo(9, 1200, 900);
        Path png = dir.resolve("v.png");
        TestImages.writeImage(photo, "png", png);
        Path ppm = ImageTools.convert(png, dir.resolve("v.ppm"));
        Path baseline = ImageTools.convert(png, dir.resolve("baseline.jpg"), "-quality", "90");
        Path tiff = ImageTools.convert(png, dir.resolve("cmyk.tif"), "-colorspace", "CMYK");
        Path greyProfile = TestImages.write(dir.resolve("grey.icc"),
                java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_GRAY).getData());
        List<Path> variants = List.of(
                ImageTools.convert(png, dir.resolve("ycck.jpg"), "-colorspace", "CMYK", "-quality", "90"),
                run(dir.resolve("adobe-cmyk.jpg"), "gm", "convert", tiff.toString(), dir.resolve("adobe-cmyk.jpg")
                        .toString()),
                ImageTools.runTo(dir.resolve("rgb.jpg"), "cjpeg", "-rgb", "-quality", "90", ppm.toString()),
                ImageTools.runTo(dir.resolve("s31.jpg"), "cjpeg", "-sample", "3x1", "-quality", "90", ppm.toString()),
                ImageTools.runTo(dir.resolve("s14.jpg"), "cjpeg", "-sample", "1x4", "-quality", "90", ppm.toString()),
                ImageTools.convert(png, dir.resolve("s41.jpg"), "-sampling-factor", "4x1", "-quality", "90"),
                ImageTools.convert(png, dir.resolve("s12.jpg"), "-sampling-factor", "1x2", "-quality", "90"),
                ImageTools.runTo(dir.resolve("arithmetic.jpg"), "jpegtran", "-arithmetic", baseline.toString()),
                ImageTools.runTo(dir.resolve("restart.jpg"), "jpegtran", "-restart", "1", baseline.toString()),
                ImageTools.convert(png, dir.resolve("progressive.jpg"), "-interlace", "JPEG", "-quality", "90"),
                ImageTools.convert(png, dir.resolve("grey.jpg"), "-colorspace", "Gray", "-quality", "90"),
                // A profile for one component on a three-component picture: the JDK decoder throws on it.
                ImageTools.exiftool(copy(baseline, "grey-icc.jpg"), "-ICC_Profile<=" + greyProfile),
                withBrokenIccProfile(baseline, false),
                withBrokenIccProfile(baseline, true));
        ImageFingerprint reference = fingerprinter.read(baseline, MediaKind.IMAGE).fingerprint().orElseThrow();
        for (Path variant : variants) {
            String name = variant.getFileName().toString();
            ImageReading reading = fingerprinter.read(variant, MediaKind.IMAGE);
            assertThat(reading.comparison()).as(name).isEqualTo(Comparison.SIMILAR);
            // ImageMagick's grey conversion weighs the channels differently from the hash's luma.
            assertThat(distance(reading.fingerprint().orElseThrow(), reference)).as(name)
                    .isLessThanOrEqualTo(name.equals("grey.jpg") ? THRESHOLD : SAME_PICTURE);
        }
    }

    @Test
    void aLosslessJpegIsNotDecodedAndNotCalledDamaged() throws IOException {
        ImageTools.requireFfmpeg();
        Path png = dir.resolve("l.png");
        TestImages.writeImage(SyntheticPhotos.photo(10, 640, 480), "png", png);
        Path lossless = dir.resolve("lossless.jpg");
        ImageTools.run(List.of("ffmpeg", "-loglevel", "error", "-y", "-i", png.toString(), "-c:v", "ljpeg",
                "-pix_fmt", "yuv420p", "-strict", "-1", lossless.toString()));

        ImageReading reading = fingerprinter.read(lossless, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.NOT_DECODED);
        assertThat(reading.detail()).isEqualTo("lossless JPEG");
    }

    @Test
    void onlyDamagedFilesAreCalledDamaged() throws IOException {
        byte[] jpeg = TestImages.jpeg(SyntheticPhotos.photo(11, 800, 600), 0.9f);
        byte[] middle = jpeg.clone();
        Arrays.fill(middle, middle.length / 2, middle.length / 2 + 400, (byte) 0x55);
        byte[] padded = new byte[jpeg.length + 3];
        System.arraycopy(jpeg, 0, padded, 0, jpeg.length - 2);
        padded[padded.length - 2] = (byte) 0xFF;
        padded[padded.length - 1] = (byte) 0xD9;

        assertThat(read(Arrays.copyOf(jpeg, jpeg.length * 6 / 10), "cut.jpg").comparison())
                .isEqualTo(Comparison.DAMAGED);
        assertThat(read(middle, "scrambled.jpg").comparison()).isEqualTo(Comparison.DAMAGED);
        assertThat(read(Arrays.copyOf(jpeg, 300), "header-only.jpg").comparison()).isEqualTo(Comparison.DAMAGED);
        assertThat(read(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}, "broken.jpg").comparison())
                .isEqualTo(Comparison.DAMAGED);
        // Padding bytes between the picture and its end marker: libjpeg warns, the picture is whole.
        assertThat(read(padded, "padded.jpg").comparison()).isEqualTo(Comparison.SIMILAR);
    }

    @Test
    void aFormatThatIsNotDecodedIsSaidByName() throws IOException {
        ExternalToolsWebp.require();
        Path png = dir.resolve("w.png");
        TestImages.writeImage(SyntheticPhotos.photo(12, 640, 480), "png", png);
        Path webp = dir.resolve("photo.webp");
        ImageTools.run(List.of("cwebp", "-quiet", png.toString(), "-o", webp.toString()));

        ImageReading reading = fingerprinter.read(webp, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.NOT_DECODED);
        assertThat(reading.detail()).isEqualTo("WEBP");
    }

    // --- reads go through FileOps ---

    @Test
    void everyByteIsReadThroughFileOps() throws IOException {
        Path real = TestImages.write(dir.resolve("elsewhere.jpg"), TestImages.jpegWithExif(
                SyntheticPhotos.photo(13, 800, 600), 0.9f, 1, null));
        Path virtual = dir.resolve("not-on-disk/photo.jpg");
        AtomicInteger channels = new AtomicInteger();
        FileOps redirecting = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                channels.incrementAndGet();
                return super.openChannel(file.equals(virtual) ? real : file);
            }

            @Override
            public java.io.InputStream openRead(Path file) throws IOException {
                return super.openRead(file.equals(virtual) ? real : file);
            }
        };

        ImageReading reading = new PerceptualFingerprinter(redirecting).read(virtual, MediaKind.IMAGE);

        assertThat(reading.comparison()).isEqualTo(Comparison.SIMILAR);
        assertThat(channels).hasValue(1);
    }

    @Test
    void aReadFaultReachesTheCallerInsteadOfMakingThePictureDamaged() throws IOException {
        Path photo = TestImages.write(dir.resolve("photo.jpg"), TestImages.jpeg(SyntheticPhotos.photo(14, 800, 600),
                0.9f));
        FileOps failing = new ForwardingFileOps(new NioFileOps()) {
            @Override
            public SeekableByteChannel openChannel(Path file) throws IOException {
                return new FailingAfter(super.openChannel(file), 2000);
            }
        };

        assertThatThrownBy(() -> new PerceptualFingerprinter(failing).read(photo, MediaKind.IMAGE))
                .isInstanceOf(IOException.class).hasMessage("Input/output error (injected)");
        assertThat(new PerceptualFingerprinter(failing).fingerprint(photo, MediaKind.IMAGE)).isEmpty();
    }

    // --- the picture itself, for verdicts; and where a file comes from ---

    @Test
    void readPictureHashesThePictureNotAStaleThumbnailAndSaysTheThumbnailIsStale() throws IOException {
        BufferedImage photo = SyntheticPhotos.photo(15, 1200, 900);
        BufferedImage otherScene = SyntheticPhotos.photo(16, 1200, 900);
        byte[] ownThumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(photo, 8), 0.8f);
        byte[] foreignThumbnail = TestImages.jpeg(SyntheticPhotos.shrunkBy(otherScene, 8), 0.8f);
        Path camera = TestImages.write(dir.resolve("camera.jpg"), TestImages.jpegWithExif(photo, 0.9f, 1,
                ownThumbnail));
        Path edited = TestImages.write(dir.resolve("edited.jpg"), TestImages.jpegWithExif(photo, 0.9f, 1,
                foreignThumbnail));
        long pictureHash = fingerprintOf(TestImages.jpeg(photo, 0.9f)).phash();

        ImageReading quick = fingerprinter.read(edited, MediaKind.IMAGE);
        ImageReading picture = fingerprinter.readPicture(edited, MediaKind.IMAGE);

        assertThat(quick.source()).isEqualTo(Source.THUMBNAIL);
        assertThat(PerceptualHash.distance(quick.fingerprint().orElseThrow().phash(), pictureHash))
                .isGreaterThan(THRESHOLD);
        assertThat(picture.source()).isEqualTo(Source.PICTURE);
        assertThat(PerceptualHash.distance(picture.fingerprint().orElseThrow().phash(), pictureHash))
                .isLessThanOrEqualTo(SAME_PICTURE);
        assertThat(picture.origin().staleThumbnail()).isTrue();
        assertThat(fingerprinter.readPicture(camera, MediaKind.IMAGE).origin().staleThumbnail()).isFalse();
    }

    @Test
    void whereAFileComesFromIsReadFromTheSameMetadata() throws IOException {
        ImageTools.requireImageMagickAndExiftool();
        Path camera = cameraJpeg(SyntheticPhotos.photo(17, 1200, 900), "camera.jpg");
        ImageTools.exiftool(camera, "-ExifImageWidth=1200", "-ExifImageHeight=900");
        Path edited = ImageTools.exiftool(copy(camera, "edited.jpg"), "-Software=GIMP 2.10.34");
        Path halved = ImageTools.convert(camera, dir.resolve("halved.jpg"), "-resize", "50%");
        Path png = ImageTools.convert(camera, dir.resolve("converted.png"));

        var original = fingerprinter.read(camera, MediaKind.IMAGE).origin();
        assertThat(original.make()).isEqualTo("Canon");
        assertThat(original.model()).isEqualTo("EOS R6");
        assertThat(original.originalDate()).isTrue();
        assertThat(original.cameraOriginal()).isTrue();
        assertThat(fingerprinter.read(edited, MediaKind.IMAGE).origin().editedBySoftware()).isTrue();
        assertThat(fingerprinter.read(halved, MediaKind.IMAGE).origin().resampled()).isTrue();
        assertThat(fingerprinter.read(halved, MediaKind.IMAGE).origin().cameraOriginal()).isFalse();
        assertThat(fingerprinter.read(png, MediaKind.IMAGE).origin().format()).isEqualTo("PNG");
        assertThat(fingerprinter.read(png, MediaKind.IMAGE).origin().cameraOriginal()).isFalse();
    }

    // --- helpers ---

    /** A camera-like JPEG made with ImageMagick and exiftool: Make, Model, DateTimeOriginal, a 160 px thumbnail. */
    private Path cameraJpeg(BufferedImage photo, String name) {
        Path png = dir.resolve(name + ".png");
        TestImages.writeImage(photo, "png", png);
        Path jpeg = ImageTools.convert(png, dir.resolve(name), "-quality", "92");
        Path thumbnail = ImageTools.convert(jpeg, dir.resolve(name + ".thumb.jpg"), "-thumbnail", "160x160",
                "-quality", "80");
        return ImageTools.exiftool(jpeg, "-Make=Canon", "-Model=EOS R6", "-DateTimeOriginal=2024:08:14 13:47:57",
                "-ThumbnailImage<=" + thumbnail);
    }

    /**
     * A real sRGB profile whose tag data was overwritten, or cut short after 600 bytes: decoders warn, ignore it
     * and decode the picture.
     */
    private Path withBrokenIccProfile(Path jpeg, boolean truncated) throws IOException {
        byte[] profile = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
        byte[] noise = new byte[profile.length - 600];
        new Random(3).nextBytes(noise);
        System.arraycopy(noise, 0, profile, 600, noise.length);
        String name = truncated ? "truncated-icc" : "broken-icc";
        Path icc = TestImages.write(dir.resolve(name + ".icc"), truncated ? Arrays.copyOf(profile, 600) : profile);
        return ImageTools.exiftool(copy(jpeg, name + ".jpg"), "-ICC_Profile<=" + icc);
    }

    private Path copy(Path file, String name) throws IOException {
        return Files.copy(file, dir.resolve(name));
    }

    private static Path run(Path output, String... argv) {
        ImageTools.run(List.of(argv));
        return output;
    }

    private ImageReading read(byte[] content, String name) throws IOException {
        return fingerprinter.read(TestImages.write(dir.resolve(name), content), MediaKind.IMAGE);
    }

    private ImageFingerprint fingerprintOf(byte[] jpeg) throws IOException {
        Path file = TestImages.write(Files.createTempFile(dir, "ref", ".jpg"), jpeg);
        return fingerprinter.read(file, MediaKind.IMAGE).fingerprint().orElseThrow();
    }

    private static int distance(ImageFingerprint a, ImageFingerprint b) {
        return PerceptualHash.distance(a.phash(), b.phash());
    }

    /** One colour, with structure of {@code amplitude} grey levels and per-pixel noise of {@code noise}. */
    static BufferedImage solid(Color colour, int width, int height, int noise, int amplitude) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(colour.getRGB());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int shift = (int) Math.round(amplitude * Math.sin(x / 97.0) * Math.cos(y / 61.0))
                        + (noise == 0 ? 0 : random.nextInt(2 * noise + 1) - noise);
                image.setRGB(x, y, new Color(clamp(colour.getRed() + shift), clamp(colour.getGreen() + shift),
                        clamp(colour.getBlue() + shift)).getRGB());
            }
        }
        return image;
    }

    static BufferedImage noisy(BufferedImage image, long seed) {
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int n = random.nextInt(25) - 12;
                image.setRGB(x, y, new Color(clamp(((rgb >> 16) & 255) + n), clamp(((rgb >> 8) & 255) + n),
                        clamp((rgb & 255) + n)).getRGB());
            }
        }
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static final class ExternalToolsWebp {
        static void require() {
            org.photoorganizer.fixtures.ExternalTools.require("cwebp", "-version", "webp");
        }
    }

    /** A channel whose reads fail with an I/O error once {@code limit} bytes were read, like a failing disk. */
    private static final class FailingAfter extends ForwardingReadChannel {
        private final long limit;
        private long delivered;

        FailingAfter(SeekableByteChannel channel, long limit) {
            super(channel);
            this.limit = limit;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (delivered >= limit) {
                throw new IOException("Input/output error (injected)");
            }
            int n = super.read(dst);
            delivered += Math.max(0, n);
            return n;
        }
    }
}
