package org.photoorganizer.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads file content for MD5 sums and byte-for-byte comparison, through the {@link FileOps} seam. */
public final class FileContent {
    private static final int BUFFER = 64 * 1024;
    private final FileOps files;

    public FileContent(FileOps files) {
        this.files = files;
    }

    /** Lower-case hex MD5 of the whole file. */
    public String md5(Path file) throws IOException {
        MessageDigest digest = newMd5();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = files.openRead(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * True only when both files hold exactly the same bytes. This, not a matching MD5, is what allows a
     * file to be deleted: a hash collision must never cost a photo.
     */
    public boolean sameBytes(Path a, Path b) throws IOException {
        if (files.attributes(a).size() != files.attributes(b).size()) {
            return false;
        }
        byte[] bufferA = new byte[BUFFER];
        byte[] bufferB = new byte[BUFFER];
        try (InputStream inA = files.openRead(a); InputStream inB = files.openRead(b)) {
            while (true) {
                int readA = inA.readNBytes(bufferA, 0, BUFFER);
                int readB = inB.readNBytes(bufferB, 0, BUFFER);
                if (readA != readB) {
                    return false;
                }
                if (readA == 0) {
                    return true;
                }
                if (java.util.Arrays.mismatch(bufferA, 0, readA, bufferB, 0, readB) >= 0) {
                    return false;
                }
            }
        }
    }

    /**
     * True when the first {@code bytes} bytes of both files (all of a shorter one) are the same: two different
     * photos differ within their first kilobytes, so this says, cheaply, that one is likely a copy of the other.
     * A hint only: nothing is deleted on it ({@link #sameBytes} decides).
     */
    public boolean sameStart(Path a, Path b, int bytes) throws IOException {
        byte[] startA;
        byte[] startB;
        try (InputStream inA = files.openRead(a); InputStream inB = files.openRead(b)) {
            startA = inA.readNBytes(bytes);
            startB = inB.readNBytes(bytes);
        }
        return java.util.Arrays.equals(startA, startB);
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
