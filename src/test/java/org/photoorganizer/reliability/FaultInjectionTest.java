package org.photoorganizer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.photoorganizer.fixtures.Jpegs;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.pipeline.PipelineEvent;
import org.photoorganizer.reliability.FaultInjectingFileOps.Op;

/**
 * Faults injected through the FileOps seam into a real service on real folders. Whatever fails, each
 * photo must end up exactly once (library, Duplicates, or the inbox with an Error line), and a second
 * run without the fault must finish the job.
 */
class FaultInjectionTest {
    private static final Duration SETTLE = Duration.ofMillis(500);

    @TempDir
    Path temp;

    private Path source;
    private Path dest;

    private List<Path> photos(int count) throws IOException {
        source = Files.createDirectories(temp.resolve("inbox"));
        dest = Files.createDirectories(temp.resolve("library"));
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            written.add(Jpegs.builder().size(32, 24).seed(1000 + i)
                    .dateTimeOriginal(LocalDateTime.of(2023, 1 + i % 12, 1 + i, 10, i, 0))
                    .writeTo(source.resolve(i % 3 == 0 ? "sub/p" + i + ".jpg" : "p" + i + ".jpg")));
        }
        return written;
    }

    private static Predicate<Path> inside(Path dir) {
        return path -> path.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }

    private static Predicate<Path> any() {
        return path -> true;
    }

    /** Runs the service once; returns it (closed) so the test can look at its events. */
    private ServiceHarness runOnce(FaultInjectingFileOps files, boolean deleteDuplicates) throws Exception {
        try (ServiceHarness service = new ServiceHarness(source, dest, files, deleteDuplicates, SETTLE)) {
            service.prepare().runOnce();
            return service;
        }
    }

    /** The invariant after a faulty run, then a clean second run that must file everything. */
    private ServiceHarness assertNothingLostThenFinish(ContentInvariant invariant, ServiceHarness faulty)
            throws Exception {
        assertThat(invariant.violations(source, dest, faulty.reported())).isEmpty();
        ServiceHarness clean = runOnce(new FaultInjectingFileOps(new NioFileOps()), true);
        assertThat(invariant.violations(source, dest, clean.reported())).isEmpty();
        assertThat(ContentInvariant.regularFiles(source)).isEmpty();
        return clean;
    }

    @Test
    void acrossFileSystemsEveryFileIsCopiedVerifiedLinkedAndOnlyThenDeleted() throws Exception {
        photos(12);
        Corpus.write(source.resolve("mixed"), 60, 7);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps()).crossFileSystem(true);

        ServiceHarness service = runOnce(files, false);

        assertThat(invariant.violations(source, dest, service.reported())).isEmpty();
        long moved = service.eventsOf(PipelineEvent.Filed.class).size()
                + service.eventsOf(PipelineEvent.MovedToDuplicates.class).size()
                + service.eventsOf(PipelineEvent.SimilarImage.class).size();
        assertThat(files.calls(Op.COPY)).isGreaterThanOrEqualTo(moved).isPositive();
        assertThat(files.calls(Op.CREATE_LINK)).isEqualTo(files.calls(Op.COPY));
        assertThat(files.calls(Op.RENAME)).isZero();
    }

    @Test
    void diskFullHalfWayThroughACopyLeavesThePhotoInTheInboxAndNoPartialFile() throws Exception {
        photos(8);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps()).crossFileSystem(true)
                .inject(Op.COPY, any(), 3, (real, from, to) -> {
                    try (InputStream in = Files.newInputStream(from)) {
                        Files.write(to, in.readNBytes((int) Files.size(from) / 2));
                    }
                    throw new FileSystemException(to.toString(), null, "No space left on device");
                });

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(3);
        assertThat(service.failures()).hasSize(3)
                .allSatisfy(failure -> assertThat(failure.message()).startsWith("disk full"));
        assertNothingLostThenFinish(invariant, service);
    }

    @Test
    void permissionDeniedOnEveryStepLeavesThePhotoInTheInboxWithAnError() throws Exception {
        photos(10);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                // Unreadable for good: the settling queue tries a few times, then the pipeline reports it.
                .inject(Op.OPEN_READ, path -> path.getFileName().toString().equals("p1.jpg"), Integer.MAX_VALUE,
                        FaultInjectingFileOps.fail(new AccessDeniedException("p1.jpg")))
                .inject(Op.CREATE_DIRECTORIES, inside(dest), 1,
                        FaultInjectingFileOps.fail(new AccessDeniedException("library folder")))
                .inject(Op.CREATE_LINK, any(), 1, FaultInjectingFileOps.fail(new AccessDeniedException("link")))
                // The source may not be removed after it was linked: the link must be undone.
                .inject(Op.DELETE, inside(source), 1, FaultInjectingFileOps.fail(new AccessDeniedException("inbox")));

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(service.failures()).hasSize(4)
                .allSatisfy(failure -> assertThat(failure.message()).startsWith("permission denied"));
        assertNothingLostThenFinish(invariant, service);
    }

    @Test
    void aFileDeletedBetweenHashingAndMovingIsReportedAndNothingReachesTheLibrary() throws Exception {
        List<Path> written = photos(4);
        Path victim = written.get(1);
        // Deleted by the user inside the move, after the last check the pipeline makes.
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                .inject(Op.SAME_FILE_SYSTEM, victim::equals, 1, (real, from, to) -> Files.delete(from));
        ContentInvariant invariant = ContentInvariant.before(source, dest)
                .withInput(ContentInvariant.digest(victim), -1);

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(1);
        assertThat(service.failures()).singleElement()
                .satisfies(failure -> assertThat(failure.source()).isEqualTo(victim));
        assertThat(invariant.violations(source, dest, service.reported())).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
    }

    @Test
    void aFileReplacedAfterHashingIsLeftInPlaceNotFiledUnderTheOldFacts() throws Exception {
        Path victim = photos(1).get(0);
        byte[] replacement = Jpegs.builder().size(40, 30).seed(99)
                .dateTimeOriginal(LocalDateTime.of(2001, 2, 3, 4, 5, 6)).bytes();
        // Hashed, dated and fingerprinted; replaced while the pipeline looks for a free library name.
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                .inject(Op.EXISTS, inside(dest), 1, (real, candidate, unused) -> replace(victim, replacement));
        ContentInvariant invariant = ContentInvariant.before(source, dest)
                .withInput(ContentInvariant.digest(victim), -1).withInput(sha256(replacement), 1);

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(1);
        assertThat(service.failures()).singleElement()
                .satisfies(failure -> assertThat(failure.message()).contains("changed while it was being processed"));
        assertThat(invariant.violations(source, dest, service.reported())).isEmpty();
        assertThat(ContentInvariant.destinationFiles(dest)).isEmpty();
    }

    @Test
    void aFileReplacedInsideTheMoveEndsUpOnceWithItsTrueContentIndexed() throws Exception {
        List<Path> written = photos(3);
        Path victim = written.get(1);
        byte[] replacement = Jpegs.builder().size(40, 30).seed(77)
                .dateTimeOriginal(LocalDateTime.of(2001, 2, 3, 4, 5, 6)).bytes();
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                .inject(Op.SAME_FILE_SYSTEM, victim::equals, 1, (real, from, to) -> replace(from, replacement));
        ContentInvariant invariant = ContentInvariant.before(source, dest)
                .withInput(ContentInvariant.digest(victim), -1).withInput(sha256(replacement), 1);

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(1);
        assertThat(invariant.violations(source, dest, service.reported())).isEmpty();
        assertThat(IndexCheck.problems(dest)).isEmpty();
    }

    @Test
    void aLinkThatFailsHalfWayLeavesNoSecondCopy() throws Exception {
        photos(5);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                .inject(Op.CREATE_LINK, any(), 2, (real, link, existing) -> {
                    real.createLink(link, existing);
                    throw new FileSystemException(link.toString(), null, "Input/output error");
                });

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(2);
        assertThat(service.failures()).hasSize(2);
        assertNothingLostThenFinish(invariant, service);
    }

    @Test
    void aLinkThatFailsHalfWayAcrossFileSystemsLeavesNoSecondCopy() throws Exception {
        photos(5);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps()).crossFileSystem(true)
                .inject(Op.CREATE_LINK, any(), 2, (real, link, existing) -> {
                    real.createLink(link, existing);
                    throw new FileSystemException(link.toString(), null, "Input/output error");
                });

        ServiceHarness service = runOnce(files, true);

        assertThat(files.fired()).hasSize(2);
        assertThat(service.failures()).hasSize(2);
        assertNothingLostThenFinish(invariant, service);
    }

    @Test
    void withoutHardLinksARenameThatFailsHalfWayLosesNothing() throws Exception {
        photos(5);
        ContentInvariant invariant = ContentInvariant.before(source, dest);
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps())
                .inject(Op.CREATE_LINK, any(), Integer.MAX_VALUE,
                        FaultInjectingFileOps.fail(new FileSystemException("x", null, "Operation not permitted")))
                .inject(Op.RENAME, any(), 2, (real, from, to) -> {
                    real.renameNoReplace(from, to);
                    throw new FileSystemException(to.toString(), null, "Input/output error");
                });

        ServiceHarness service = runOnce(files, true);

        assertThat(files.calls(Op.RENAME)).isEqualTo(5);
        assertNothingLostThenFinish(invariant, service);
    }

    private static String sha256(byte[] content) throws IOException {
        Path file = Files.createTempFile("content", ".bin");
        try {
            return ContentInvariant.digest(Files.write(file, content));
        } finally {
            Files.delete(file);
        }
    }

    private static void replace(Path file, byte[] content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new.part");
        Files.write(next, content);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
