package org.photoorganizer.format;

import java.io.IOException;

/** The completeness rule of one format (or family): recognised by its first bytes, judged by its structure. */
interface FormatRule {

    /** How many leading bytes {@link #recognises} looks at, at most. */
    int HEAD = 32;

    /** True when {@code head} (the file's first bytes, fewer for a short file) is this format's signature. */
    boolean recognises(byte[] head);

    /**
     * Judges a file this rule recognised. A structure cut short is {@code INCOMPLETE}; a structure that
     * makes no sense at all (damage, not truncation) is {@code NO_RULE}, and the pipeline's own readers
     * say what is wrong with it.
     */
    Completeness check(StructureReader in) throws IOException;

    static boolean startsWith(byte[] head, int offset, byte... signature) {
        if (head.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[offset + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWith(byte[] head, int offset, String ascii) {
        return startsWith(head, offset, ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
