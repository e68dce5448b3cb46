package org.photoorganizer.dedupe.similar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageOrigin;
import org.photoorganizer.dedupe.QualityRule.Candidate;
import org.photoorganizer.dedupe.similar.ImageQualityComparator.Keep;

class ImageQualityComparatorTest {

    private static final ImageOrigin CAMERA_JPEG = new ImageOrigin("JPEG", "Canon", "EOS R6", "Firmware 1.8.1",
            true, false, false);
    private static final ImageOrigin STRIPPED_JPEG = new ImageOrigin("JPEG", "", "", "", false, false, false);

    private final ImageQualityComparator comparator = new ImageQualityComparator();

    @Test
    void morePixelsWinsOverDepthAndBytes() {
        Candidate big = candidate(4000, 3000, 24, 2_000_000, STRIPPED_JPEG);
        Candidate deepButSmall = candidate(2000, 1500, 48, 9_000_000, STRIPPED_JPEG);
        assertThat(comparator.better(deepButSmall, big)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(big, deepButSmall)).isEqualTo(Keep.LIBRARY_FILE);
    }

    @Test
    void aResampledCopyNeverDisplacesTheCameraOriginal() {
        Candidate original = candidate(2000, 1500, 24, 900_000, CAMERA_JPEG);
        ImageOrigin upscaledKeepingExif = new ImageOrigin("JPEG", "Canon", "EOS R6", "", true, true, false);
        Candidate upscaled = candidate(4000, 3000, 24, 3_000_000, upscaledKeepingExif);
        Candidate upscaledStripped = candidate(4000, 3000, 24, 3_000_000, STRIPPED_JPEG);
        ImageOrigin edited = new ImageOrigin("JPEG", "Canon", "EOS R6", "Adobe Photoshop 25.0", true, false, false);
        Candidate upscaledInAnEditor = candidate(4000, 3000, 24, 3_000_000, edited);

        assertThat(comparator.better(original, upscaled)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.better(original, upscaledStripped)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.better(original, upscaledInAnEditor)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.better(upscaled, original)).as("the original arriving later takes the place")
                .isEqualTo(Keep.INCOMING_FILE);
    }

    @Test
    void atEqualPixelsTheCameraOriginalWinsOverAnEditWhateverItsBytesAndDepth() {
        Candidate original = candidate(4000, 3000, 24, 3_000_000, CAMERA_JPEG);
        for (String software : new String[] {"Adobe Photoshop Lightroom Classic 13.0", "GIMP 2.10.34",
            "Snapseed 2.0", "ImageMagick 7.1.1"}) {
            ImageOrigin edit = new ImageOrigin("JPEG", "Canon", "EOS R6", software, true, false, false);
            Candidate heavierEdit = candidate(4000, 3000, 24, 5_000_000, edit);
            assertThat(comparator.better(original, heavierEdit)).as(software).isEqualTo(Keep.LIBRARY_FILE);
            assertThat(comparator.better(heavierEdit, original)).as(software).isEqualTo(Keep.INCOMING_FILE);
        }
    }

    @Test
    void atEqualPixelsTheCamerasFormatWinsOverAConversion() {
        ImageOrigin pngKeepingExif = new ImageOrigin("PNG", "Canon", "EOS R6", "", true, false, false);
        Candidate jpeg = candidate(4000, 3000, 24, 3_000_000, STRIPPED_JPEG);
        Candidate png = candidate(4000, 3000, 48, 30_000_000, pngKeepingExif);
        Candidate strippedPng = candidate(4000, 3000, 48, 30_000_000, new ImageOrigin("PNG", "", "", "", false, false, false));
        assertThat(comparator.better(jpeg, strippedPng)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.better(strippedPng, jpeg)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(candidate(4000, 3000, 24, 3_000_000, CAMERA_JPEG), png))
                .isEqualTo(Keep.LIBRARY_FILE);
    }

    @Test
    void atEqualPixelsOriginAndFormatDepthWinsOverBytes() {
        Candidate deep = candidate(4000, 3000, 48, 1_000_000, STRIPPED_JPEG);
        Candidate heavy = candidate(3000, 4000, 24, 8_000_000, STRIPPED_JPEG);
        assertThat(comparator.better(heavy, deep)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(deep, heavy)).isEqualTo(Keep.LIBRARY_FILE);
    }

    @Test
    void atEqualEverythingElseTheLargerFileWins() {
        Candidate light = candidate(4000, 3000, 24, 1_000_000, CAMERA_JPEG);
        Candidate heavy = candidate(4000, 3000, 24, 1_000_001, CAMERA_JPEG);
        assertThat(comparator.better(light, heavy)).isEqualTo(Keep.INCOMING_FILE);
        assertThat(comparator.better(heavy, light)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.compare(heavy, light)).isPositive();
        assertThat(comparator.compare(light, heavy)).isNegative();
    }

    @Test
    void aTieKeepsTheLibraryFile() {
        Candidate a = candidate(4000, 3000, 24, 1_000_000, CAMERA_JPEG);
        Candidate b = candidate(4000, 3000, 24, 1_000_000, CAMERA_JPEG);
        assertThat(comparator.better(a, b)).isEqualTo(Keep.LIBRARY_FILE);
        assertThat(comparator.compare(a, b)).isZero();
    }

    @Test
    void cameraFirmwareInSoftwareIsNotAnEditor() {
        for (String firmware : new String[] {"Ver.1.01", "HDR+ 1.0.540104767zd", "17.1.2", "ILCE-7M3 v3.01",
            "G998BXXU5CVDD", "Digital Camera X-T3 Ver3.20", "Firmware Version 1.1.0"}) {
            ImageOrigin origin = new ImageOrigin("JPEG", "Some", "Camera", firmware, true, false, false);
            assertThat(origin.cameraOriginal()).as(firmware).isTrue();
        }
        assertThat(new ImageOrigin("JPEG", "Canon", "", "", false, false, false).cameraOriginal())
                .as("no DateTimeOriginal").isFalse();
        assertThat(new ImageOrigin("JPEG", "", "", "", true, false, false).cameraOriginal()).as("no camera").isFalse();
    }

    private static Candidate candidate(int width, int height, int bits, long bytes, ImageOrigin origin) {
        return new Candidate(new ImageFingerprint(0L, PerceptualHash.ALGORITHM_VERSION, width, height, bits), origin,
                bytes);
    }
}
