package org.photoorganizer.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.photoorganizer.fs.NioFileOps;
import org.photoorganizer.reliability.FaultInjectingFileOps.Op;

/**
 * Runs the service once and halts the JVM at an exact step of the n-th matching file operation, as a
 * kill -9 or power cut would stop it there: no finally block, no shutdown hook, no journal clean-up.
 *
 * <p>Arguments: source dest op nth where(before|after|partial) crossFileSystem(true|false)
 * area(source|dest|any) [deleteDuplicates(true|false), default false]. Exits 0 or 1 if the n-th call never
 * came (the test then fails).
 */
public final class CrashPointMain {
    static final int HALTED = 137;

    private CrashPointMain() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath().normalize();
        Path dest = Path.of(args[1]).toAbsolutePath().normalize();
        Op op = Op.valueOf(args[2]);
        int nth = Integer.parseInt(args[3]);
        String where = args[4];
        boolean cross = Boolean.parseBoolean(args[5]);
        Path area = switch (args[6]) {
            case "source" -> source;
            case "dest" -> dest;
            default -> Path.of("/");
        };
        AtomicInteger seen = new AtomicInteger();
        FaultInjectingFileOps files = new FaultInjectingFileOps(new NioFileOps()).crossFileSystem(cross)
                .inject(op, path -> path.toAbsolutePath().normalize().startsWith(area), Integer.MAX_VALUE,
                        (real, first, second) -> {
                            if (seen.incrementAndGet() != nth) {
                                return;
                            }
                            switch (where) {
                                case "after" -> perform(real, op, first, second);
                                case "partial" -> Files.write(second, Files.readAllBytes(first).length > 1
                                        ? java.util.Arrays.copyOf(Files.readAllBytes(first),
                                        Files.readAllBytes(first).length / 2) : new byte[0]);
                                default -> { }
                            }
                            Runtime.getRuntime().halt(HALTED);
                        });
        boolean deleteDuplicates = args.length > 7 && Boolean.parseBoolean(args[7]);
        try (ServiceHarness service = new ServiceHarness(source, dest, files, deleteDuplicates, Duration.ofMillis(500))) {
            int exit = service.prepare().runOnce();
            // Reached only when the crash point never came: say what the run did instead.
            System.out.println("CrashPointMain: the " + nth + ". " + op + " never came (" + seen.get() + " seen); events:");
            service.events.forEach(event -> System.out.println("  " + event));
            service.systemEvents.forEach(event -> System.out.println("  " + event));
            System.exit(exit);
        }
    }

    private static void perform(org.photoorganizer.fs.FileOps real, Op op, Path first, Path second)
            throws java.io.IOException {
        switch (op) {
            case CREATE_LINK -> real.createLink(first, second);
            case DELETE -> real.delete(first);
            case COPY -> real.copyToNewFile(first, second);
            case RENAME -> real.renameNoReplace(first, second);
            case SYNC_DIRECTORY -> real.syncDirectory(first);
            default -> throw new IllegalArgumentException("no crash point after " + op);
        }
    }
}
