package org.photoorganizer.dedupe.similar;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
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
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.dedupe.ImageOrigin;
import org.photoorganizer.dedupe.ImageReading;
import org.photoorganizer.dedupe.ImageReading.Comparison;
import org.photoorganizer.dedupe.ImageReading.Source;
import org.photoorganizer.fs.FaultRecordingChannel;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.media.ChannelReader;
import org.photoorganizer.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Perceptual fingerprints of photos, read so that no file can make the service run out of its 128 MB heap.
 * Every byte is read through {@link FileOps} ({@code openChannel}), so a read fault reaches the caller as an
 * {@link IOException} and is never mistaken for a damaged picture.
 *
 * <p>Order of preference: the EXIF thumbnail of a JPEG (a few KB to decode); a subsampled decode of what
 * ImageIO can read; for HEIC and raw files, whose own picture is not decoded here, the JPEG preview they
 * embed. The size is always taken from the header first, and images above {@link Limits#maxPixels()} are
 * refused before any pixel is decoded. Decoders that would hold a full-size buffer of their own (progressive
 * JPEG, TIFF, BMP, GIF) are only used when that buffer fits {@link Limits#decodeBudgetBytes()}.
 *
 * <p>Images with a side of {@value #TOO_SMALL_SIDE} px or less, and near single-colour ones
 * ({@link PerceptualHash#isFlat}), get no fingerprint: their hashes match unrelated pictures.
 */
public final class PerceptualFingerprinter implements ImageFingerprinter {

    /** Images with a side this long or shorter are compared as exact duplicates only. */
    public static final int TOO_SMALL_SIDE = 48;

    private static final Logger LOG = LoggerFactory.getLogger(PerceptualFingerprinter.class);
    private static final Set<String> ROW_STREAMING_FORMATS = Set.of("png");
    // TIFF-based raws would open in ImageIO's TIFF reader, which reads a small first IFD or the sensor mosaic.
    private static final Set<String> RAW_EXTENSIONS = Set.of("dng", "cr2", "cr3", "nef", "nrw", "arw", "srf",
            "sr2", "orf", "rw2", "raf", "pef", "srw", "raw", "rwl", "3fr", "iiq", "x3f", "erf", "kdc", "mrw");
    private static final Set<FileType> TIFF_BASED = Set.of(FileType.Tiff, FileType.Arw, FileType.Cr2, FileType.Nef,
            FileType.Orf, FileType.Rw2);
    private static final double ASPECT_TOLERANCE = 0.03;
    private static final int MIN_PREVIEW_SIDE = 64;
    private static final int EXIF_SEARCH_BYTES = 1 << 20;
    private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};
    private static final long SHARED_DECODE_PIXELS = 4_000_000;
    /** JPEGs whose shorter side has at least 64 blocks are hashed from their 8x8 block means. */
    private static final int MIN_BLOCK_MEANS_SIDE = 512;

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

    /** Why a file is compared as an exact duplicate only; thrown inside, returned as an {@link ImageReading}. */
    private static final class ExactOnly extends Exception {
        private final Comparison why;

        ExactOnly(Comparison why, String detail) {
            super(detail, null, false, false);
            this.why = why;
        }
    }

    private final FileOps files;
    private final Limits limits;
    private final SubsampledDecoder decoder;
    private final boolean blockMeans;
    /** Held while a large picture is decoded through ImageIO: see {@link #decode(ImageReader, int, int)}. */
    private final Object largeDecodes = new Object();
    private final JpegDcDecoder.Tables huffmanTables = new JpegDcDecoder.Tables();

    public PerceptualFingerprinter(FileOps files) {
        this(files, Limits.DEFAULT);
    }

    public PerceptualFingerprinter(FileOps files, Limits limits) {
        this(files, limits, true);
    }

    /**
     * {@code blockMeans} false: every JPEG and PNG picture is decoded through ImageIO, not read by {@link
     * JpegDcDecoder} or {@link PngLuma} (to compare the two ways).
     */
    PerceptualFingerprinter(FileOps files, Limits limits, boolean blockMeans) {
        this.files = files;
        this.limits = limits;
        this.decoder = new SubsampledDecoder(limits.decodeSide());
        this.blockMeans = blockMeans;
    }

    @Override
    public int algorithmVersion() {
        return PerceptualHash.ALGORITHM_VERSION;
    }

    /** Reads through {@link FileOps}; a read fault is thrown, a broken or unsupported picture is returned. */
    @Override
    public ImageReading read(Path file, MediaKind kind) throws IOException {
        return inspect(file, kind, false);
    }

    @Override
    public ImageReading readPicture(Path file, MediaKind kind) throws IOException {
        return inspect(file, kind, true);
    }

    @Override
    public Optional<ImageFingerprint> fingerprint(Path file, MediaKind kind) {
        try {
            return read(file, kind).fingerprint();
        } catch (IOException e) {
            LOG.debug("No fingerprint for {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private ImageReading inspect(Path file, MediaKind kind, boolean pictureOnly) throws IOException {
        if (kind != MediaKind.IMAGE) {
            return ImageReading.NOT_CHECKED;
        }
        ImageOrigin[] origin = {ImageOrigin.UNKNOWN};
        try (FaultRecordingChannel channel = new FaultRecordingChannel(files.openChannel(file))) {
            try {
                return readFrom(file, channel, pictureOnly, origin);
            } catch (ExactOnly e) {
                return ImageReading.exactOnly(e.why, e.getMessage(), origin[0]);
            } catch (IOException | RuntimeException e) {
                if (channel.fault().isPresent()) {
                    throw channel.fault().get();
                }
                // Broken files are common in an inbox; the caller notes them and compares them exactly only.
                LOG.debug("No fingerprint for {}: {}", file, e.toString());
                return ImageReading.exactOnly(Comparison.DAMAGED, describe(e), origin[0]);
            }
        }
    }

    private ImageReading readFrom(Path file, FaultRecordingChannel channel, boolean pictureOnly, ImageOrigin[] origin)
            throws IOException, ExactOnly {
        if (channel.size() == 0) {
            throw new ExactOnly(Comparison.DAMAGED, "the file is empty");
        }
        byte[] head = new byte[2];
        channel.position(0);
        ByteBuffer first = ByteBuffer.wrap(head);
        while (first.hasRemaining() && channel.read(first) > 0) {
            // the two first bytes
        }
        if ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
            return fromJpeg(channel, pictureOnly, origin);
        }
        Optional<HeifItems> heif = HeifItems.read(channel);
        if (heif.isPresent()) {
            return fromHeif(heif.get(), pictureOnly, origin);
        }
        if (RAW_EXTENSIONS.contains(extension(file))) {
            return fromRaw(channel, pictureOnly, origin);
        }
        return fromImageIo(channel, origin);
    }

    private ImageReading fromJpeg(FaultRecordingChannel channel, boolean pictureOnly, ImageOrigin[] origin)
            throws IOException, ExactOnly {
        JpegStructure jpeg = JpegStructure.read(channel).orElseThrow(() -> new ExactOnly(Comparison.DAMAGED,
                "its JPEG segments are broken before the picture starts"));
        Metadata metadata = null;
        if (jpeg.exifTiff() != null) {
            metadata = new Metadata();
            new ExifReader().extract(new ByteArrayReader(jpeg.exifTiff()), metadata, 0);
        }
        origin[0] = MetadataOrigin.of(metadata, "JPEG", jpeg.width(), jpeg.height());
        checkSize(jpeg.width(), jpeg.height());
        if (!hasEndOfImage(channel)) {
            throw new ExactOnly(Comparison.DAMAGED, "the JPEG is incomplete (it has no end marker)");
        }
        int orientation = metadata == null ? 1 : EmbeddedPreviews.orientation(metadata);
        int bits = jpeg.precision() * Math.min(3, jpeg.components());
        if (!pictureOnly && metadata != null) {
            for (BufferedImage thumbnail : usablePreviews(jpeg.exifTiff(), metadata, jpeg.width(), jpeg.height())) {
                Optional<ImageReading> reading = hashUnlessFlat(thumbnail, orientation, jpeg.width(),
                        jpeg.height(), bits, origin[0], Source.THUMBNAIL);
                if (reading.isPresent()) {
                    return reading.get();
                }
                // A blank thumbnail (some cameras write a black one) says nothing: the picture decides.
            }
        }
        float[] grey = blockMeans(channel, jpeg);
        if (grey == null) {
            grey = GreyscaleBoxFilter.shrink(decodeJpeg(channel, jpeg), PerceptualHash.INPUT_SIZE);
        }
        if (pictureOnly && metadata != null) {
            List<BufferedImage> thumbnails = usablePreviews(jpeg.exifTiff(), metadata, jpeg.width(), jpeg.height());
            if (!thumbnails.isEmpty() && !ThumbnailAgreement.agrees(
                    GreyscaleBoxFilter.shrink(thumbnails.get(0), PerceptualHash.INPUT_SIZE), grey)) {
                origin[0] = origin[0].withStaleThumbnail();
            }
        }
        return finish(grey, orientation, jpeg.width(), jpeg.height(), bits, origin[0], Source.PICTURE);
    }

    /**
     * The grey square from the luma DC coefficients ({@link JpegDcDecoder}) of a sequential 8-bit JPEG large
     * enough for 8x8 block means to resolve it; null when the file is another variant, smaller, or its data does
     * not decode that way (the subsampled decode then decides, and says whether the file is damaged).
     */
    private float[] blockMeans(FaultRecordingChannel channel, JpegStructure jpeg) throws IOException {
        if (!blockMeans || jpeg.progressive() || jpeg.arithmetic() || jpeg.lossless() || jpeg.precision() != 8
                || Math.min(jpeg.width(), jpeg.height()) < MIN_BLOCK_MEANS_SIDE) {
            return null;
        }
        try {
            return JpegDcDecoder.greySquare(channel, PerceptualHash.INPUT_SIZE, huffmanTables);
        } catch (JpegDcDecoder.Unsupported | RuntimeException e) {
            // A decoder slip on a hostile file must cost the fast path only, never the file.
            LOG.debug("JPEG block means not used: {}", e.toString());
            return null;
        }
    }

    /** The subsampled decode through ImageIO, for the JPEGs the block means do not cover. */
    private BufferedImage decodeJpeg(FaultRecordingChannel channel, JpegStructure jpeg) throws IOException, ExactOnly {
        // libjpeg keeps every DCT coefficient of a progressive image until the last scan.
        long coefficientBytes = jpeg.pixelCount() * jpeg.components() * 2;
        if (jpeg.progressive() && coefficientBytes > limits.decodeBudgetBytes()) {
            throw new ExactOnly(Comparison.TOO_LARGE, "a progressive JPEG of " + megapixels(jpeg.pixelCount())
                    + " needs more memory to decode than the service allows");
        }
        try {
            return decodeJpeg(new ChannelImageInputStream(channel.position(0)), jpeg.width(), jpeg.height());
        } catch (SubsampledDecoder.DamagedData e) {
            throw new ExactOnly(Comparison.DAMAGED, "the JPEG data is damaged (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException && channel.fault().isPresent()) {
                throw (IOException) e;
            }
            // A complete file (its segments and end marker are in place) that the decoder refuses is a variant
            // it does not know (lossless, 12-bit), not a damaged file.
            LOG.debug("JPEG not decoded: {}", e.toString());
            throw new ExactOnly(Comparison.NOT_DECODED, jpeg.variant());
        }
    }

    private ImageReading fromHeif(HeifItems heif, boolean pictureOnly, ImageOrigin[] origin)
            throws IOException, ExactOnly {
        Metadata metadata = null;
        if (heif.exifTiff() != null) {
            metadata = new Metadata();
            new ExifReader().extract(new ByteArrayReader(heif.exifTiff()), metadata, 0);
        }
        int width = heif.width();
        int height = heif.height();
        if ((width <= 0 || height <= 0) && metadata != null) {
            int[] size = EmbeddedPreviews.fullSize(metadata);
            if (size != null) {
                width = size[0];
                height = size[1];
            }
        }
        origin[0] = MetadataOrigin.of(metadata, heif.format(), width, height);
        String withoutPreview = heif.format() + " without a JPEG preview";
        if (width <= 0 || height <= 0) {
            throw new ExactOnly(Comparison.NOT_DECODED, withoutPreview);
        }
        checkSize(width, height);
        int orientation = metadata == null ? 1 : EmbeddedPreviews.orientation(metadata);
        int bits = metadata == null ? 24 : EmbeddedPreviews.bitsPerPixel(metadata).orElse(24);
        List<BufferedImage> previews = new ArrayList<>();
        if (metadata != null) {
            previews.addAll(usablePreviews(heif.exifTiff(), metadata, width, height));
        }
        for (int i = 0; i < heif.jpegItemCount(); i++) {
            BufferedImage image = decodePreview(heif.jpegItem(i), width, height);
            if (image != null) {
                previews.add(image);
            }
        }
        previews.sort(Comparator.comparingLong(image -> (long) image.getWidth() * image.getHeight()));
        if (pictureOnly) {
            Collections.reverse(previews);
        }
        for (BufferedImage preview : previews) {
            Optional<ImageReading> reading = hashUnlessFlat(preview, orientation, width, height, bits,
                    origin[0], Source.PREVIEW);
            if (reading.isPresent()) {
                return reading.get();
            }
        }
        throw new ExactOnly(Comparison.NOT_DECODED, withoutPreview);
    }

    private ImageReading fromRaw(FaultRecordingChannel channel, boolean pictureOnly, ImageOrigin[] origin)
            throws IOException, ExactOnly {
        Metadata metadata = readMetadata(channel);
        int[] size = EmbeddedPreviews.fullSize(metadata);
        // Raw EXIF dimensions describe the sensor, not a picture of ours: no resampling to tell.
        origin[0] = MetadataOrigin.of(metadata, "RAW", 0, 0);
        if (size == null) {
            // Without the full size the quality comparison would judge the preview, not the photo.
            throw new ExactOnly(Comparison.NOT_DECODED, "a raw file without a JPEG preview the service can read");
        }
        checkSize(size[0], size[1]);
        Optional<ImageReading> reading = fromEmbeddedPreview(channel, metadata, size, pictureOnly,
                origin[0]);
        return reading.orElseThrow(() -> new ExactOnly(Comparison.NOT_DECODED,
                "a raw file without a JPEG preview the service can read"));
    }

    private Optional<ImageReading> fromEmbeddedPreview(FaultRecordingChannel channel, Metadata metadata,
            int[] size, boolean largestFirst, ImageOrigin origin) throws IOException {
        int bits = EmbeddedPreviews.bitsPerPixel(metadata).orElse(24);
        long[] tiffHeaders = {0, exifTiffHeaderOffset(channel)};
        long fileLength = channel.size();
        List<EmbeddedPreviews.Preview> candidates = new ArrayList<>(EmbeddedPreviews.candidates(metadata));
        if (largestFirst) {
            Collections.reverse(candidates);
        }
        for (EmbeddedPreviews.Preview preview : candidates) {
            for (long base : tiffHeaders) {
                long start = base + preview.offset();
                if (base < 0 || preview.length() > limits.decodeBudgetBytes() / 3
                        || start + preview.length() > fileLength) {
                    continue;
                }
                ByteBuffer bytes = ByteBuffer.allocate((int) preview.length());
                channel.position(start);
                while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                    // the whole preview
                }
                BufferedImage image = decodePreview(bytes.array(), size[0], size[1]);
                if (image != null) {
                    Optional<ImageReading> reading = hashUnlessFlat(image,
                            EmbeddedPreviews.orientation(metadata), size[0], size[1], bits, origin, Source.PREVIEW);
                    if (reading.isPresent()) {
                        return reading;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private ImageReading fromImageIo(FaultRecordingChannel channel, ImageOrigin[] origin)
            throws IOException, ExactOnly {
        String format = formatName(channel);
        Metadata metadata = readMetadataQuietly(channel);
        origin[0] = MetadataOrigin.of(metadata, format, 0, 0);
        Optional<ImageReading> plainPng = fromPlainPng(channel, metadata, origin);
        if (plainPng.isPresent()) {
            return plainPng.get();
        }
        ImageInputStream input = new ChannelImageInputStream(channel.position(0));
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            return tiffPreviewOr(channel, metadata, origin, format);
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            origin[0] = MetadataOrigin.of(metadata, format, width, height);
            checkSize(width, height);
            long pixels = (long) width * height;
            String readerFormat = reader.getFormatName().toLowerCase(Locale.ROOT);
            // Worst case for readers that buffer a whole strip or frame: 4 bytes a pixel; for those that stream
            // rows (PNG), the row being decoded and the one above it, at 8 bytes a pixel (16-bit RGBA).
            long worstCase = ROW_STREAMING_FORMATS.contains(readerFormat) ? 2L * 8 * width : pixels * 4;
            if (worstCase > limits.decodeBudgetBytes()) {
                throw new ExactOnly(Comparison.TOO_LARGE, "a " + format + " of " + megapixels(pixels)
                        + " needs more memory to decode than the service allows");
            }
            int bits = colourBits(reader);
            BufferedImage image;
            try {
                image = decode(reader, width, height);
            } catch (SubsampledDecoder.DamagedData e) {
                throw new ExactOnly(Comparison.DAMAGED, "the " + format + " data is damaged (" + e.getMessage()
                        + ")");
            } catch (IIOException e) {
                if (isUnsupported(e)) {
                    return tiffPreviewOr(channel, metadata, origin, format + " (" + e.getMessage() + ")");
                }
                throw e;
            }
            int orientation = metadata == null ? 1 : EmbeddedPreviews.orientation(metadata);
            return finish(image, orientation, width, height, bits, origin[0], Source.PICTURE);
        } finally {
            reader.dispose();
        }
    }

    /**
     * A plain PNG (8-bit grey, RGB or RGBA) read row by row ({@link PngLuma}), the same pixels and fingerprint as
     * the subsampled decode through ImageIO; empty for any other PNG or file, which ImageIO then decodes.
     */
    private Optional<ImageReading> fromPlainPng(FaultRecordingChannel channel, Metadata metadata,
                                                ImageOrigin[] origin) throws IOException, ExactOnly {
        if (!blockMeans) {
            return Optional.empty();
        }
        PngLuma.Header header;
        try {
            header = PngLuma.header(channel);
        } catch (PngLuma.Unsupported e) {
            return Optional.empty();
        }
        int width = header.width();
        int height = header.height();
        origin[0] = MetadataOrigin.of(metadata, "PNG", width, height);
        checkSize(width, height);
        if (2L * ((long) width * header.channels() + 1) > limits.decodeBudgetBytes()) {
            // Its two rows alone: ImageIO's would be no smaller.
            throw new ExactOnly(Comparison.TOO_LARGE, "a PNG " + width + " pixels wide needs more memory to decode"
                    + " than the service allows");
        }
        try {
            float[] grey = PngLuma.greySquare(channel, decoder.subsamplingFor(width, height),
                    PerceptualHash.INPUT_SIZE);
            int orientation = metadata == null ? 1 : EmbeddedPreviews.orientation(metadata);
            return Optional.of(finish(grey, orientation, width, height, header.colourBits(), origin[0],
                    Source.PICTURE));
        } catch (PngLuma.Unsupported e) {
            // Damage or a variant found on the way: ImageIO decides, and says whether the file is damaged.
            LOG.debug("PNG read through ImageIO: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** A TIFF-like file ImageIO cannot decode may still embed a JPEG preview. */
    private ImageReading tiffPreviewOr(FaultRecordingChannel channel, Metadata metadata, ImageOrigin[] origin,
                                       String format) throws IOException, ExactOnly {
        int[] size = metadata == null ? null : EmbeddedPreviews.fullSize(metadata);
        if (size != null) {
            checkSize(size[0], size[1]);
            Optional<ImageReading> reading = fromEmbeddedPreview(channel, metadata, size, false, origin[0]);
            if (reading.isPresent()) {
                return reading.get();
            }
        }
        throw new ExactOnly(Comparison.NOT_DECODED, format.isEmpty() ? "a format the service does not decode"
                : format);
    }

    private void checkSize(int width, int height) throws ExactOnly {
        if (Math.min(width, height) <= TOO_SMALL_SIDE) {
            throw new ExactOnly(Comparison.TOO_SMALL, width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ExactOnly(Comparison.TOO_LARGE, megapixels(pixels) + ", more than the "
                    + megapixels(limits.maxPixels()) + " the service decodes");
        }
    }

    /** Thumbnails and previews whose shape matches the picture, smallest first. */
    private List<BufferedImage> usablePreviews(byte[] tiff, Metadata metadata, int width, int height) {
        List<BufferedImage> images = new ArrayList<>();
        for (EmbeddedPreviews.Preview preview : EmbeddedPreviews.candidates(metadata)) {
            if (preview.offset() + preview.length() <= tiff.length) {
                byte[] bytes = Arrays.copyOfRange(tiff, (int) preview.offset(),
                        (int) (preview.offset() + preview.length()));
                BufferedImage image = decodeThumbnail(bytes, width, height);
                if (image != null) {
                    images.add(image);
                }
            }
        }
        return images;
    }

    /**
     * A preview is only trusted when its shape matches the full image: cameras that pad 3:2 photos into a
     * 4:3 thumbnail with black bars would otherwise hash the bars.
     */
    private BufferedImage decodePreview(byte[] jpeg, int fullWidth, int fullHeight) {
        return startsLikeJpeg(jpeg) ? decodePreview(jpeg, fullWidth, fullHeight, ThumbnailReaders.firstReader()) : null;
    }

    /** An EXIF thumbnail: by the JDK's JPEG reader when it is a plain JPEG ({@link ThumbnailReaders}). */
    private BufferedImage decodeThumbnail(byte[] jpeg, int fullWidth, int fullHeight) {
        return startsLikeJpeg(jpeg) ? decodePreview(jpeg, fullWidth, fullHeight, ThumbnailReaders.readerFor(jpeg))
                : null;
    }

    private static boolean startsLikeJpeg(byte[] bytes) {
        return bytes.length >= 4 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
    }

    /** Decodes with {@code reader}, which it disposes of. */
    private BufferedImage decodePreview(byte[] jpeg, int fullWidth, int fullHeight, ImageReader reader) {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
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
                return decode(reader, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unusable embedded preview: {}", e.toString());
            return null;
        }
    }

    /**
     * A subsampled decode through ImageIO. Pictures above {@value #SHARED_DECODE_PIXELS} pixels are decoded one at
     * a time: their decoders may hold a full-size buffer (up to {@link Limits#decodeBudgetBytes()}), and several
     * files are read at once; thumbnails and previews below it decode side by side.
     */
    private BufferedImage decode(ImageReader reader, int width, int height) throws IOException {
        if ((long) width * height <= SHARED_DECODE_PIXELS) {
            return decoder.decode(reader, width, height);
        }
        synchronized (largeDecodes) {
            return decoder.decode(reader, width, height);
        }
    }

    private BufferedImage decodeJpeg(ImageInputStream input, int width, int height) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try {
            reader.setInput(input, true, true);
            return decode(reader, width, height);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReading finish(BufferedImage image, int orientation, int width, int height, int bits,
                                       ImageOrigin origin, Source source) throws ExactOnly {
        return finish(GreyscaleBoxFilter.shrink(image, PerceptualHash.INPUT_SIZE), orientation, width, height, bits,
                origin, source);
    }

    private static ImageReading finish(float[] grey, int orientation, int width, int height, int bits,
                                       ImageOrigin origin, Source source) throws ExactOnly {
        return hashUnlessFlat(grey, orientation, width, height, bits, origin, source).orElseThrow(
                () -> new ExactOnly(Comparison.FLAT, ""));
    }

    private static Optional<ImageReading> hashUnlessFlat(BufferedImage image, int orientation, int width,
            int height, int bits, ImageOrigin origin, Source source) {
        return hashUnlessFlat(GreyscaleBoxFilter.shrink(image, PerceptualHash.INPUT_SIZE), orientation, width, height,
                bits, origin, source);
    }

    private static Optional<ImageReading> hashUnlessFlat(float[] grey, int orientation, int width,
            int height, int bits, ImageOrigin origin, Source source) {
        if (PerceptualHash.isFlat(grey)) {
            return Optional.empty();
        }
        float[] shown = ExifOrientation.apply(grey, PerceptualHash.INPUT_SIZE, orientation);
        ImageFingerprint fingerprint = new ImageFingerprint(PerceptualHash.of(shown),
                PerceptualHash.ALGORITHM_VERSION, width, height, bits);
        return Optional.of(ImageReading.fingerprinted(fingerprint, origin, source));
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

    private static boolean hasEndOfImage(FaultRecordingChannel channel) throws IOException {
        try {
            return JpegStructure.hasEndOfImage(channel);
        } catch (java.io.EOFException e) {
            return false;
        }
    }

    private static boolean isUnsupported(IIOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unsupported") || message.contains("not supported");
    }

    /** What the file's first bytes say it is, as a user would call it ("WEBP", "PNG"); "" when unknown. */
    private static String formatName(FaultRecordingChannel channel) throws IOException {
        channel.position(0);
        FileType type = FileTypeDetector.detectFileType(
                new BufferedInputStream(Channels.newInputStream(new JpegStructure.Unclosed(channel)), 64));
        return type == FileType.Unknown ? "" : type.getName().toUpperCase(Locale.ROOT);
    }

    private static Metadata readMetadataQuietly(FaultRecordingChannel channel) throws IOException {
        try {
            return readMetadata(channel);
        } catch (IOException e) {
            if (channel.fault().isPresent()) {
                throw e;
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Metadata readMetadata(FaultRecordingChannel channel) throws IOException {
        try {
            channel.position(0);
            FileType type = FileTypeDetector.detectFileType(
                    new BufferedInputStream(Channels.newInputStream(new JpegStructure.Unclosed(channel)), 64));
            // Random access keeps raw files from being buffered up to their last IFD.
            if (TIFF_BASED.contains(type)) {
                return TiffMetadataReader.readMetadata(new ChannelReader(channel));
            }
            channel.position(0);
            InputStream in = new BufferedInputStream(Channels.newInputStream(new JpegStructure.Unclosed(channel)),
                    16 * 1024);
            return ImageMetadataReader.readMetadata(in, channel.size(), type);
        } catch (ImageProcessingException e) {
            throw new IOException(e);
        }
    }

    /** Where the TIFF header of an Exif block sits in files that wrap it (RAF, CR3); -1 if none. */
    private static long exifTiffHeaderOffset(FaultRecordingChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(EXIF_SEARCH_BYTES, channel.size()));
        channel.position(0);
        while (head.hasRemaining() && channel.read(head) > 0) {
            // the first MB
        }
        byte[] bytes = head.array();
        outer:
        for (int i = 0; i + EXIF_PREAMBLE.length < head.position(); i++) {
            for (int j = 0; j < EXIF_PREAMBLE.length; j++) {
                if (bytes[i + j] != EXIF_PREAMBLE[j]) {
                    continue outer;
                }
            }
            return i + EXIF_PREAMBLE.length;
        }
        return -1;
    }

    private static String describe(Exception e) {
        if (e instanceof HeifItems.Broken) {
            return "its HEIF boxes are broken: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.0f megapixels", pixels / 1e6);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
