package org.photoorganizer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.plan.FolderPattern;

class LibraryScannerTest {
    @TempDir
    Path library;
    LibraryIndex index;
    final AtomicInteger reads = new AtomicInteger();
    final List<SystemEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        index = LibraryIndex.open(library.resolve(".photo-organizer/index.db"), library);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private org.photoorganizer.dedupe.ImageFingerprinter fingerprinter = ImageFingerprinter.NONE;

    private LibraryScanner.Result reconcile() throws Exception {
        org.photoorganizer.fs.FileOps counting = new org.photoorganizer.fs.ForwardingFileOps(new NioFileOps()) {
            @Override
            public java.io.InputStream openRead(Path file) throws java.io.IOException {
                reads.incrementAndGet();
                return super.openRead(file);
            }
        };
        return new LibraryScanner(index, counting, new FileClassifier(), fingerprinter,
                new FolderPattern("{yyyy}/{MM}_{Mmm}"), events::add, System::nanoTime).reconcile();
    }

    private Path file(String relative, String content) throws Exception {
        Path path = library.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    @Test
    void indexesTheManagedFoldersOnly() throws Exception {
        file("2024/08_Aug/20240814_134757.jpg", "a");
        file("Duplicates/20240814_134757.0001.jpg", "a");
        file("NoDateFound/scan.png", "b");
        file("Family Albums/wedding.jpg", "c");
        file("PhotosToProcess/new.jpg", "d");
        file("2024/@eaDir/20240814_134757.jpg/SYNOPHOTO_THUMB_M.jpg", "e");

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(3, 3, 0));

        assertThat(index.findByPath(library.resolve("2024/08_Aug/20240814_134757.jpg")).orElseThrow().area())
                .isEqualTo(LibraryIndex.Area.LIBRARY);
        assertThat(index.findByPath(library.resolve("Duplicates/20240814_134757.0001.jpg")).orElseThrow().area())
                .isEqualTo(LibraryIndex.Area.DUPLICATES);
        assertThat(index.findByPath(library.resolve("Family Albums/wedding.jpg"))).isEmpty();
        assertThat(index.count()).isEqualTo(3);
    }

    @Test
    void aSecondStartReadsOnlyWhatChangedAndDropsWhatIsGone() throws Exception {
        file("2024/08_Aug/a.jpg", "a");
        Path changed = file("2024/08_Aug/b.jpg", "b");
        Path gone = file("2024/08_Aug/c.jpg", "c");
        reconcile();
        reads.set(0);
        Files.writeString(changed, "b, edited");
        Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        Files.delete(gone);

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(2, 1, 1));

        assertThat(reads).hasValue(1);
        assertThat(index.findByPath(gone)).isEmpty();
        assertThat(index.findBySizeAndMd5(Files.size(changed), new org.photoorganizer.fs.FileContent(new NioFileOps())
                .md5(changed))).hasSize(1);
    }

    @Test
    void fingerprintsOfAnOlderHashAlgorithmAreRecomputedButMissingOnesAreNotRetried() throws Exception {
        Path old = file("2024/08_Aug/old.jpg", "a");
        Path undecodable = file("2024/08_Aug/broken.jpg", "b");
        var attributes = Files.readAttributes(old, java.nio.file.attribute.BasicFileAttributes.class);
        index.put(old, attributes.size(), attributes.lastModifiedTime().toMillis(), "md5-a",
                java.util.Optional.of(new org.photoorganizer.dedupe.ImageFingerprint(1L, 1, 10, 10, 24)),
                LibraryIndex.Area.LIBRARY);
        var broken = Files.readAttributes(undecodable, java.nio.file.attribute.BasicFileAttributes.class);
        index.put(undecodable, broken.size(), broken.lastModifiedTime().toMillis(), "md5-b", java.util.Optional.empty(),
                LibraryIndex.Area.LIBRARY);
        fingerprinter = new org.photoorganizer.dedupe.ImageFingerprinter() {
            @Override
            public java.util.Optional<org.photoorganizer.dedupe.ImageFingerprint> fingerprint(Path f,
                    org.photoorganizer.media.MediaKind kind) {
                return f.equals(old) ? java.util.Optional.of(new org.photoorganizer.dedupe.ImageFingerprint(2L, 2, 10,
                        10, 24)) : java.util.Optional.empty();
            }

            @Override
            public int algorithmVersion() {
                return 2;
            }
        };

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(2, 1, 0));

        assertThat(index.findByPath(old).orElseThrow().fingerprint().orElseThrow().algorithmVersion()).isEqualTo(2);
    }

    @Test
    void aCancelledScanRemovesNothing() throws Exception {
        Path gone = library.resolve("2024/08_Aug/gone.jpg");
        index.put(gone, 1, 1, "md5-gone", java.util.Optional.empty(), LibraryIndex.Area.LIBRARY);

        LibraryScanner.Result cancelled = new LibraryScanner(index, new NioFileOps(), new FileClassifier(),
                fingerprinter, new FolderPattern("{yyyy}/{MM}_{Mmm}"), events::add, System::nanoTime)
                .cancelledWhen(() -> true).reconcile();

        assertThat(cancelled.complete()).isFalse();
        assertThat(index.findByPath(gone)).isPresent();
    }

    @Test
    void onlyRowsWhoseFileIsGoneAreRemovedEvenIfTheScanDidNotSeeThem() throws Exception {
        Path written = file("2024/08_Aug/written-behind-the-walk.jpg", "x");
        index.put(written, 1, 1, "md5-x", java.util.Optional.empty(), LibraryIndex.Area.LIBRARY);
        Path gone = library.resolve("2024/08_Aug/gone.jpg");
        index.put(gone, 1, 1, "md5-gone", java.util.Optional.empty(), LibraryIndex.Area.LIBRARY);

        assertThat(index.removeMissing(new java.util.BitSet(), Files::exists)).containsExactly(gone);

        assertThat(index.findByPath(written)).isPresent();
    }
}
