package org.photoorganizer.dedupe.similar;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Perceptual fingerprints of photos, read so that no file can make the service run out of its 128 MB heap.
 *
 * <p>Order of preference: the EXIF thumbnail of a JPEG (a few KB to decode); a subsampled decode of what
 * ImageIO can read; for HEIC and raw files, which ImageIO cannot read, the JPEG preview they embed. The size
 * is always taken from the header first, and images above {@link Limits#maxPixels()} are refused before any
 * pixel is decoded. Decoders that would hold a full-size buffer of their own (progressive JPEG, TIFF, BMP,
 * GIF) are only used when that buffer fits {@link Limits#decodeBudgetBytes()}.
 */
public final class PerceptualFingerprinter implements ImageFingerprinter {

    private static final Logger LOG = LoggerFactory.getLogger(PerceptualFingerprinter.class);
    private static final Set<String> ROW_STREAMING_FORMATS = Set.of("png");
    // TIFF-based raws would open in ImageIO's TIFF reader, which reads a small first IFD or the sensor mosaic.
    private static final Set<String> RAW_EXTENSIONS = Set.of("dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf");
    private static final double ASPECT_TOLERANCE = 0.03;
    private static final int MIN_PREVIEW_SIDE = 64;
    private static final int EXIF_SEARCH_BYTES = 1 << 20;
    private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};

    /**
     * @param maxPixels         header pixel count above which an image is refused (decompression bombs)
     * @param decodeBudgetBytes most memory a decoder may need for a full-size buffer of its own
     * @param decodeSide        subsampling keeps the decoded raster's longer side between this and twice it
     */
    public record Limits(long maxPixels, long decodeBudgetBytes, int decodeSide) {
        /** 250 MP covers every camera and most stitched panoramas; 48 MB is the brief's decode ceiling. */
        public static final Limits DEFAULT = new Limits(250_000_000L, 48L << 20, 512);

        public Limits {
            if (maxPixels <= 0 || decodeBudgetBytes <= 0 || decodeSide < PerceptualHash.INPUT_SIZE) {
                throw new IllegalArgumentException("limits must be positive and decodeSide >= 32");
            }
        }
    }

    private final Limits limits;
    private final SubsampledDecoder decoder;

    public PerceptualFingerprinter() {
        this(Limits.DEFAULT);
    }

    public PerceptualFingerprinter(Limits limits) {
        this.limits = limits;
        this.decoder = new SubsampledDecoder(limits.decodeSide());
    }

    @Override
    public int algorithmVersion() {
        return PerceptualHash.ALGORITHM_VERSION;
    }

    @Override
    public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
        if (kind != MediaKind.IMAGE) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return Optional.empty();
            }
            Optional<JpegStructure> jpeg = JpegStructure.read(file);
            if (jpeg.isPresent()) {
                return fromJpeg(file, jpeg.get());
            }
            if (isJpegSignature(file)) {
                return Optional.empty();
            }
            if (RAW_EXTENSIONS.contains(extension(file))) {
                return fromEmbeddedPreview(file);
            }
            Optional<ImageFingerprint> decoded = fromImageIo(file);
            return decoded.isPresent() ? decoded : fromEmbeddedPreview(file);
        } catch (IOException | RuntimeException e) {
            // Broken files are common in an inbox; the caller treats "no fingerprint" as "not similar".
            LOG.debug("No fingerprint for {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private Optional<ImageFingerprint> fromJpeg(Path file, JpegStructure jpeg) throws IOException {
        if (jpeg.pixelCount() > limits.maxPixels() || !JpegStructure.hasEndOfImage(file)) {
            return Optional.empty();
        }
        int orientation = 1;
        BufferedImage image = null;
        if (jpeg.exifTiff() != null) {
            Metadata metadata = new Metadata();
            new ExifReader().extract(new ByteArrayReader(jpeg.exifTiff()), metadata, 0);
            orientation = EmbeddedPreviews.orientation(metadata);
            image = firstUsablePreview(jpeg.exifTiff(), metadata, jpeg.width(), jpeg.height());
        }
        if (image == null) {
            // libjpeg keeps every DCT coefficient of a progressive image until the last scan.
            long coefficientBytes = jpeg.pixelCount() * jpeg.components() * 2;
            if (jpeg.progressive() && coefficientBytes > limits.decodeBudgetBytes()) {
                return Optional.empty();
            }
            image = decodeFile(file, jpeg.width(), jpeg.height());
        }
        return Optional.of(fingerprintOf(image, orientation, jpeg.width(), jpeg.height(),
                jpeg.precision() * jpeg.components()));
    }

    private Optional<ImageFingerprint> fromImageIo(Path file) throws IOException {
        try (ImageInputStream input = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long pixels = (long) width * height;
                if (pixels > limits.maxPixels()) {
                    return Optional.empty();
                }
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                // Worst case for readers that buffer a whole strip or frame: 4 bytes a pixel.
                if (!ROW_STREAMING_FORMATS.contains(format) && pixels * 4 > limits.decodeBudgetBytes()) {
                    return Optional.empty();
                }
                int bits = colourBits(reader);
                BufferedImage image = decoder.decode(reader, width, height);
                int orientation = orientationOf(file, format);
                return Optional.of(fingerprintOf(image, orientation, width, height, bits));
            } finally {
                reader.dispose();
            }
        }
    }

    private Optional<ImageFingerprint> fromEmbeddedPreview(Path file) throws IOException {
        Metadata metadata = readMetadata(file);
        int[] size = EmbeddedPreviews.fullSize(metadata);
        if (size == null || (long) size[0] * size[1] > limits.maxPixels()) {
            // Without the full size the quality comparison would judge the preview, not the photo.
            return Optional.empty();
        }
        int bits = EmbeddedPreviews.bitsPerPixel(metadata).orElse(24);
        long[] tiffHeaders = {0, exifTiffHeaderOffset(file)};
        long fileLength = Files.size(file);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            for (EmbeddedPreviews.Preview preview : EmbeddedPreviews.candidates(metadata)) {
                for (long base : tiffHeaders) {
                    long start = base + preview.offset();
                    if (base < 0 || preview.length() > limits.decodeBudgetBytes() / 3
                            || start + preview.length() > fileLength) {
                        continue;
                    }
                    byte[] bytes = new byte[(int) preview.length()];
                    in.seek(start);
                    in.readFully(bytes);
                    BufferedImage image = decodePreview(bytes, size[0], size[1]);
                    if (image != null) {
                        return Optional.of(fingerprintOf(image, EmbeddedPreviews.orientation(metadata),
                                size[0], size[1], bits));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private BufferedImage firstUsablePreview(byte[] tiff, Metadata metadata, int width, int height) {
        for (EmbeddedPreviews.Preview preview : EmbeddedPreviews.candidates(metadata)) {
            if (preview.offset() + preview.length() <= tiff.length) {
                byte[] bytes = java.util.Arrays.copyOfRange(tiff, (int) preview.offset(),
                        (int) (preview.offset() + preview.length()));
                BufferedImage image = decodePreview(bytes, width, height);
                if (image != null) {
                    return image;
                }
            }
        }
        return null;
    }

    /**
     * A preview is only trusted when its shape matches the full image: cameras that pad 3:2 photos into a
     * 4:3 thumbnail with black bars would otherwise hash the bars.
     */
    private BufferedImage decodePreview(byte[] jpeg, int fullWidth, int fullHeight) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return null;
        }
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                double expected = (double) fullWidth / fullHeight;
                double actual = (double) width / height;
                if (Math.min(width, height) < MIN_PREVIEW_SIDE
                        || Math.abs(actual / expected - 1) > ASPECT_TOLERANCE
                        || (long) width * height > limits.maxPixels()) {
                    return null;
                }
                return decoder.decode(reader, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unusable embedded preview: {}", e.toString());
            return null;
        }
    }

    private BufferedImage decodeFile(Path file, int width, int height) throws IOException {
        try (ImageInputStream input = new FileImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
            try {
                reader.setInput(input, true, true);
                return decoder.decode(reader, width, height);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageFingerprint fingerprintOf(BufferedImage image, int orientation, int width, int height,
                                                  int bitsPerPixel) {
        float[] grey = GreyscaleBoxFilter.shrink(image, PerceptualHash.INPUT_SIZE);
        float[] shown = ExifOrientation.apply(grey, PerceptualHash.INPUT_SIZE, orientation);
        return new ImageFingerprint(PerceptualHash.of(shown), PerceptualHash.ALGORITHM_VERSION,
                width, height, bitsPerPixel);
    }

    /** Colour bits only: alpha says nothing about how faithful the picture is. */
    private static int colourBits(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 24;
        }
        ColorModel model = type.getColorModel();
        if (model instanceof IndexColorModel) {
            return model.getPixelSize();
        }
        int bits = 0;
        for (int band = 0; band < model.getNumColorComponents(); band++) {
            bits += model.getComponentSize(band);
        }
        return bits;
    }

    private static int orientationOf(Path file, String format) {
        try {
            return EmbeddedPreviews.orientation(readMetadata(file));
        } catch (IOException | RuntimeException e) {
            LOG.debug("No orientation for {} ({}): {}", file, format, e.toString());
            return 1;
        }
    }

    private static Metadata readMetadata(Path file) throws IOException {
        try {
            FileType type;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                type = FileTypeDetector.detectFileType(in);
            }
            // Random access keeps raw files from being buffered up to their last IFD.
            if (List.of(FileType.Tiff, FileType.Arw, FileType.Cr2, FileType.Nef, FileType.Orf, FileType.Rw2)
                    .contains(type)) {
                return TiffMetadataReader.readMetadata(file.toFile());
            }
            return ImageMetadataReader.readMetadata(file.toFile());
        } catch (com.drew.imaging.ImageProcessingException e) {
            throw new IOException(e);
        }
    }

    /** Where the TIFF header of an Exif block sits in files that wrap it (HEIC, RAF, CR3); -1 if none. */
    private static long exifTiffHeaderOffset(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(EXIF_SEARCH_BYTES);
        }
        outer:
        for (int i = 0; i + EXIF_PREAMBLE.length < head.length; i++) {
            for (int j = 0; j < EXIF_PREAMBLE.length; j++) {
                if (head[i + j] != EXIF_PREAMBLE[j]) {
                    continue outer;
                }
            }
            return i + EXIF_PREAMBLE.length;
        }
        return -1;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isJpegSignature(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0xFF && in.read() == 0xD8;
        }
    }
}
