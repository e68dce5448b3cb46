package org.photoorganizer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.app.PhotoOrganizerService;
import org.photoorganizer.app.ServiceAssembly;
import org.photoorganizer.config.Config;
import org.photoorganizer.date.CaptureDate;
import org.photoorganizer.date.MetadataCaptureDateExtractor;
import org.photoorganizer.media.MediaKind;

/** The demo's generated inbox holds each case it promises, and the service's verdicts on it are the expected ones. */
class SampleInboxTest {
    @TempDir
    Path temp;

    private final MetadataCaptureDateExtractor dates = new MetadataCaptureDateExtractor(Clock.systemDefaultZone(),
            new org.photoorganizer.fs.NioFileOps());

    private Optional<CaptureDate> date(Path file, MediaKind kind) {
        return dates.extract(file, kind);
    }

    @Test
    void theGeneratedInboxHoldsEveryCase() throws Exception {
        Path inbox = temp.resolve("in");
        List<Path> files = SampleInbox.write(inbox);
        assertThat(files).hasSize(12);

        for (int i = 0; i < SampleInbox.DATES.length; i++) {
            CaptureDate taken = date(inbox.resolve("IMG_100" + (i + 1) + ".jpg"), MediaKind.IMAGE).orElseThrow();
            assertThat(taken.dateTime()).isEqualTo(SampleInbox.DATES[i]);
            assertThat(taken.source()).isEqualTo(CaptureDate.Source.EXIF_ORIGINAL);
        }
        // The burst: the same second, different pictures.
        assertThat(date(inbox.resolve("IMG_2001.jpg"), MediaKind.IMAGE).orElseThrow().dateTime()).isEqualTo(SampleInbox.BURST);
        assertThat(date(inbox.resolve("IMG_2002.jpg"), MediaKind.IMAGE).orElseThrow().dateTime()).isEqualTo(SampleInbox.BURST);
        assertThat(Files.mismatch(inbox.resolve("IMG_2001.jpg"), inbox.resolve("IMG_2002.jpg"))).isNotEqualTo(-1L);
        // The exact copy.
        assertThat(inbox.resolve("IMG_3001 copy.jpg")).hasSameBinaryContentAs(inbox.resolve("IMG_3001.jpg"));
        // The resized copy: fewer pixels, the same date.
        BufferedImage big = ImageIO.read(inbox.resolve("IMG_4001.jpg").toFile());
        BufferedImage small = ImageIO.read(inbox.resolve("IMG_4001_small.jpg").toFile());
        assertThat(big.getWidth() * big.getHeight()).isGreaterThan(4 * small.getWidth() * small.getHeight());
        assertThat(date(inbox.resolve("IMG_4001_small.jpg"), MediaKind.IMAGE).orElseThrow().dateTime())
                .isEqualTo(SampleInbox.RESIZED);
        // The dateless picture: nothing but (at most) its birth time.
        Optional<CaptureDate> scan = date(inbox.resolve("scan-from-grandma.png"), MediaKind.IMAGE);
        assertThat(scan.map(CaptureDate::source)).isIn(Optional.empty(), Optional.of(CaptureDate.Source.FILE_TIME));
        assertThat(Files.getLastModifiedTime(inbox.resolve("scan-from-grandma.png")).toMillis()).isZero();
        // The video, dated by its mvhd time (UTC) in this machine's zone.
        CaptureDate video = date(inbox.resolve("VID_5001.mp4"), MediaKind.VIDEO).orElseThrow();
        assertThat(video.source()).isEqualTo(CaptureDate.Source.VIDEO_MVHD);
        assertThat(video.dateTime()).isEqualTo(LocalDateTime.ofInstant(SampleInbox.VIDEO_UTC, ZoneId.systemDefault()));
    }

    @Test
    void theServicesVerdictsOnTheSampleAreTheExpectedOnes() throws Exception {
        Path inbox = temp.resolve("in");
        Path library = Files.createDirectories(temp.resolve("lib"));
        SampleInbox.write(inbox);
        Config config = new Config(inbox, library, true, 6, Duration.ofMillis(500), Duration.ofHours(1),
                "{yyyy}/{MM}_{Mmm}", library, null);
        ServiceAssembly assembly = new ServiceAssembly(config, false, false, Clock.systemDefaultZone(), "demo",
                new PrintStream(new ByteArrayOutputStream()));
        LocalDate day = LocalDate.now();
        try (PhotoOrganizerService service = assembly.service()) {
            service.prepare();
            assertThat(service.runOnce()).isZero();
        }

        assertThat(library.resolve("2019/07_Jul/20190714_103000.jpg")).exists();
        assertThat(library.resolve("2021/12_Dec/20211224_180512.jpg")).exists();
        assertThat(library.resolve("2023/05_May/20230501_091540.jpg")).exists();
        assertThat(library.resolve("2025/01_Jan/20250103_140207.jpg")).exists();
        // Burst: both kept, one lettered.
        assertThat(library.resolve("2024/08_Aug/20240814_134757.jpg")).exists();
        assertThat(library.resolve("2024/08_Aug/20240814_134757_A.jpg")).exists();
        // Exact copy: one in the library, the other deleted.
        assertThat(library.resolve("2022/03_Mar/20220309_111111.jpg")).exists();
        assertThat(library.resolve("2022/03_Mar/20220309_111111_A.jpg")).doesNotExist();
        assertThat(Files.readString(library.resolve("photo_organizer_log.csv"))).contains("Duplicate Deleted")
                .contains("Similar image");
        // Resized copy: the larger one in the library, the smaller one set aside.
        assertThat(ImageIO.read(library.resolve("2020/02_Feb/20200229_162000.jpg").toFile()).getWidth()).isEqualTo(2000);
        assertThat(ImageIO.read(library.resolve("Duplicates/20200229_162000.0001.jpg").toFile()).getWidth()).isEqualTo(800);
        // Video by its date.
        LocalDateTime video = LocalDateTime.ofInstant(SampleInbox.VIDEO_UTC, ZoneId.systemDefault());
        assertThat(library.resolve(String.format("%1$tY/%1$tm_%1$tb/%1$tY%1$tm%1$td_%1$tH%1$tM%1$tS.mp4", video)
                .replace("_" + video.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.getDefault()),
                        "_" + video.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH))))
                .exists();
        // The dateless picture: NoDateFound/ where file systems report no birth time (as on many NAS kernels),
        // else its birth time (today); never another photo's date.
        try (Stream<Path> all = Files.walk(library)) {
            List<Path> scans = all.filter(p -> p.toString().endsWith(".png")).toList();
            assertThat(scans).hasSize(1);
            String where = library.relativize(scans.get(0)).toString();
            assertThat(where.equals("NoDateFound/scan-from-grandma.png")
                    || where.startsWith(String.format("%1$tY/%1$tm_", day))).as(where).isTrue();
        }
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theUndatedScanHasNoDateButTheReviewPageCanSuggestOne() throws Exception {
        Path scan = SampleInbox.writeUndated(temp.resolve("NoDateFound"));
        assertThat(scan.getFileName().toString()).isEqualTo("scan_1998-05-02.png");
        assertThat(date(scan, MediaKind.IMAGE).map(CaptureDate::source))
                .isNotEqualTo(Optional.of(CaptureDate.Source.FILE_NAME));
    }
}
