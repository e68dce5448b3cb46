package org.photoorganizer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.photoorganizer.format.Completeness;
import org.photoorganizer.format.CompletenessCheck;
import org.photoorganizer.fs.NioFileOps;

/**
 * What the completeness check costs per photo, against what filing a photo costs in the same run: used by
 * {@code scripts/bench}. Arguments: the folder of bench photos, the service's filing time for them in seconds.
 * Prints the check's median time per photo over five passes and its share of the filing time, and exits 1
 * above 2 %.
 */
public final class CompletenessCheckBenchmark {
    private static final double LIMIT = 0.02;

    private CompletenessCheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path photos = Path.of(args[0]);
        double filingSeconds = Double.parseDouble(args[1]);
        List<Path> files;
        try (var listing = Files.list(photos)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".JPG")).sorted().toList();
        }
        CompletenessCheck check = new CompletenessCheck(new NioFileOps());
        double[] passes = new double[5];
        for (int pass = 0; pass < passes.length; pass++) {
            long start = System.nanoTime();
            for (Path file : files) {
                Completeness verdict = check.check(file);
                if (verdict.verdict() != Completeness.Verdict.COMPLETE) {
                    throw new IllegalStateException(file + ": " + verdict.describe());
                }
            }
            passes[pass] = (System.nanoTime() - start) / 1e6 / files.size();
        }
        Arrays.sort(passes);
        double perPhoto = passes[passes.length / 2];
        double filingPerPhoto = filingSeconds * 1000 / files.size();
        double share = perPhoto / filingPerPhoto;
        System.out.printf(Locale.ROOT, "completeness check: %.3f ms/photo (first pass %.3f ms), %.2f %% of the %.1f ms"
                + " filing time per photo (limit %.0f %%)%n", perPhoto, passes[passes.length - 1], share * 100,
                filingPerPhoto, LIMIT * 100);
        System.out.printf(Locale.ROOT, "RESULT completeness_ms %.3f%nRESULT completeness_percent %.2f%n", perPhoto,
                share * 100);
        System.exit(share <= LIMIT ? 0 : 1);
    }
}
