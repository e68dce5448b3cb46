package org.photoorganizer.format;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import org.photoorganizer.fs.FileOps;

/**
 * Says whether a file's own structure is complete, reading through {@link FileOps} only what the rule of
 * its format needs. The format is told by the file's first bytes, not its name: a PNG named {@code .jpg}
 * is judged as a PNG. A file of a format without a rule (MKV, MPEG-TS, WMV, FLV, BigTIFF ...) or with a
 * header we do not recognise is {@code NO_RULE}: then the quiet time alone decides.
 */
public final class CompletenessCheck {
    private static final List<FormatRule> RULES = List.of(new JpegRule(), new IsoBmffRule(), new TiffRule(),
            new PngRule(), new GifRule(), new RiffRule(), new RafRule(), new BmpRule());

    private final FileOps files;

    public CompletenessCheck(FileOps files) {
        this.files = files;
    }

    public Completeness check(Path file) throws IOException {
        try (SeekableByteChannel channel = files.openChannel(file)) {
            StructureReader in = new StructureReader(channel);
            if (in.length() == 0) {
                return Completeness.noRule();
            }
            byte[] head = in.read(0, FormatRule.HEAD);
            for (FormatRule rule : RULES) {
                if (rule.recognises(head)) {
                    return rule.check(in);
                }
            }
            return Completeness.noRule();
        }
    }
}
