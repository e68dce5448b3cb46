package org.photoorganizer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.dedupe.ImageFingerprint;
import org.photoorganizer.dedupe.ImageFingerprinter;
import org.photoorganizer.fs.FileContent;
import org.photoorganizer.fs.FileOps;
import org.photoorganizer.fs.ForwardingFileOps;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.logging.SystemEvent;
import org.photoorganizer.media.FileClassifier;
import org.photoorganizer.media.MediaKind;
import org.photoorganizer.plan.FolderPattern;

class LibraryScannerTest {
    @TempDir
    Path library;
    LibraryIndex index;
    final AtomicInteger reads = new AtomicInteger();
    final List<SystemEvent> events = new ArrayList<>();
    final FileOps counting = new ForwardingFileOps(new NioFileOps()) {
        @Override
        public InputStream openRead(Path file) throws IOException {
            reads.incrementAndGet();
            return super.openRead(file);
        }
    };
    private ImageFingerprinter fingerprinter = ImageFingerprinter.NONE;

    @BeforeEach
    void setUp() throws Exception {
        index = LibraryIndex.open(library.resolve(".photo-organizer").resolve(LibraryIndex.FILE_NAME), library,
                counting);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private LibraryScanner.Result reconcile() throws Exception {
        return new LibraryScanner(index, counting, new FileClassifier(), fingerprinter,
                new FolderPattern("{yyyy}/{MM}_{Mmm}"), events::add, System::nanoTime).reconcile();
    }

    private Path file(String relative, String content) throws Exception {
        Path path = library.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    private static String md5(Path file) throws IOException {
        return new FileContent(new NioFileOps()).md5(file);
    }

    @Test
    void indexesTheManagedFoldersOnlyWithoutOpeningAFile() throws Exception {
        file("2024/08_Aug/20240814_134757.jpg", "a");
        file("Duplicates/20240814_134757.0001.jpg", "a");
        file("NoDateFound/scan.png", "b");
        file("Family Albums/wedding.jpg", "c");
        file("PhotosToProcess/new.jpg", "d");
        file("2024/@eaDir/20240814_134757.jpg/SYNOPHOTO_THUMB_M.jpg", "e");

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(3, 3, 0));

        assertThat(reads).as("the listing reads sizes and dates only").hasValue(0);
        assertThat(index.unreadCount()).isEqualTo(3);
        assertThat(index.findByPath(library.resolve("2024/08_Aug/20240814_134757.jpg")).orElseThrow().area())
                .isEqualTo(LibraryIndex.Area.LIBRARY);
        assertThat(index.findByPath(library.resolve("Duplicates/20240814_134757.0001.jpg")).orElseThrow().area())
                .isEqualTo(LibraryIndex.Area.DUPLICATES);
        assertThat(index.findByPath(library.resolve("Family Albums/wedding.jpg"))).isEmpty();
        assertThat(index.count()).isEqualTo(3);
    }

    @Test
    void aLaterStartWritesOnlyWhatChangedAndDropsWhatIsGone() throws Exception {
        file("2024/08_Aug/a.jpg", "a");
        Path changed = file("2024/08_Aug/b.jpg", "b");
        Path gone = file("2024/08_Aug/c.jpg", "c");
        reconcile();
        long changedId = index.findByPath(changed).orElseThrow().id();
        Files.writeString(changed, "b, edited");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(1_700_000_000_000L));
        Files.delete(gone);
        reads.set(0);

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(2, 1, 1));

        assertThat(reads).hasValue(0);
        assertThat(index.findByPath(gone)).isEmpty();
        assertThat(index.findBySizeAndMd5(Files.size(changed), md5(changed))).singleElement()
                .satisfies(entry -> assertThat(entry.id()).as("a changed file keeps its row id").isEqualTo(changedId));
    }

    @Test
    void anExactLookupReadsTheMd5sOfRowsOfItsSizeOnlyAndIsExactWhileOthersAreUnread() throws Exception {
        Path a = file("2024/08_Aug/a.jpg", "same size A");
        Path b = file("2024/08_Aug/b.jpg", "same size B");
        Path other = file("2024/08_Aug/c.jpg", "a different size");
        reconcile();
        reads.set(0);

        assertThat(index.findBySizeAndMd5(Files.size(a), md5(b))).singleElement()
                .satisfies(entry -> assertThat(entry.path()).isEqualTo(b));

        assertThat(reads).as("only the two rows of that size were read").hasValue(2);
        assertThat(index.findBySizeAndMd5(Files.size(a), md5(other))).isEmpty();
        assertThat(reads).as("MD5s once read are kept").hasValue(2);
    }

    @Test
    void aLookupOfAFileChangedSinceTheListingUsesItsNewContentAndForgetsAVanishedOne() throws Exception {
        Path changed = file("2024/08_Aug/a.jpg", "12345");
        Path vanished = file("2024/08_Aug/b.jpg", "abcde");
        reconcile();
        String oldMd5 = md5(changed);
        Files.writeString(changed, "67890, longer now");
        Files.delete(vanished);

        assertThat(index.findBySizeAndMd5(5, oldMd5)).isEmpty();

        assertThat(index.findByPath(vanished)).isEmpty();
        assertThat(index.findBySizeAndMd5(Files.size(changed), md5(changed))).singleElement()
                .satisfies(entry -> assertThat(entry.path()).isEqualTo(changed));
    }

    @Test
    void fingerprintsOfAnOlderHashAlgorithmAreReadAgainButMissingOnesAreNotRetried() throws Exception {
        Path old = file("2024/08_Aug/old.jpg", "a");
        Path undecodable = file("2024/08_Aug/broken.jpg", "b");
        BasicFileAttributes attributes = Files.readAttributes(old, BasicFileAttributes.class);
        index.put(old, attributes.size(), attributes.lastModifiedTime().toMillis(), md5(old),
                Optional.of(new ImageFingerprint(1L, 1, 10, 10, 24)), LibraryIndex.Area.LIBRARY);
        BasicFileAttributes broken = Files.readAttributes(undecodable, BasicFileAttributes.class);
        index.put(undecodable, broken.size(), broken.lastModifiedTime().toMillis(), md5(undecodable),
                Optional.empty(), LibraryIndex.Area.LIBRARY);
        List<Path> fingerprinted = new ArrayList<>();
        fingerprinter = new ImageFingerprinter() {
            @Override
            public Optional<ImageFingerprint> fingerprint(Path f, MediaKind kind) {
                fingerprinted.add(f);
                return f.equals(old) ? Optional.of(new ImageFingerprint(2L, 2, 10, 10, 24)) : Optional.empty();
            }

            @Override
            public int algorithmVersion() {
                return 2;
            }
        };

        assertThat(reconcile()).isEqualTo(new LibraryScanner.Result(2, 1, 0));
        assertThat(index.findByPath(old).orElseThrow().fingerprint()).as("no longer comparable").isEmpty();
        new LibraryReader(index, counting, new FileClassifier(), fingerprinter, events::add, System::nanoTime)
                .readAll();

        assertThat(fingerprinted).containsExactly(old);
        assertThat(index.findByPath(old).orElseThrow().fingerprint().orElseThrow().algorithmVersion()).isEqualTo(2);
        assertThat(index.findByPath(old).orElseThrow().md5()).as("the MD5 was kept").isEqualTo(md5(old));
    }

    @Test
    void aCancelledScanRemovesNothing() throws Exception {
        Path gone = library.resolve("2024/08_Aug/gone.jpg");
        index.put(gone, 1, 1, "0123456789abcdef0123456789abcdef", Optional.empty(), LibraryIndex.Area.LIBRARY);

        LibraryScanner.Result cancelled = new LibraryScanner(index, new NioFileOps(), new FileClassifier(),
                fingerprinter, new FolderPattern("{yyyy}/{MM}_{Mmm}"), events::add, System::nanoTime)
                .cancelledWhen(() -> true).reconcile();

        assertThat(cancelled.complete()).isFalse();
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void onlyRowsWhoseFileIsGoneAreRemovedEvenIfTheScanDidNotSeeThem() throws Exception {
        Path written = file("2024/08_Aug/written-behind-the-walk.jpg", "x");
        index.put(written, 1, 1, "0123456789abcdef0123456789abcdef", Optional.empty(), LibraryIndex.Area.LIBRARY);
        Path gone = library.resolve("2024/08_Aug/gone.jpg");
        index.put(gone, 1, 1, "fedcba9876543210fedcba9876543210", Optional.empty(), LibraryIndex.Area.LIBRARY);

        assertThat(index.removeMissing(new BitSet(), Files::exists)).containsExactly(gone);

        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void aListingInTheBackgroundGivesWayToThePipelineBetweenBatches() throws Exception {
        for (int i = 0; i < 2500; i++) {
            file(String.format("2024/08_Aug/%04d.jpg", i), "x" + i);
        }
        AtomicInteger waits = new AtomicInteger();

        new LibraryScanner(index, counting, new FileClassifier(), fingerprinter, new FolderPattern("{yyyy}/{MM}_{Mmm}"),
                events::add, System::nanoTime).yieldingTo(cancelled -> waits.incrementAndGet()).reconcile();

        assertThat(waits).as("once before each batch of 1,000 rows").hasValue(3);
        assertThat(index.count()).isEqualTo(2500);
    }
}
