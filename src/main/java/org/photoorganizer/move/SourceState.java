package org.photoorganizer.move;

import java.nio.file.attribute.BasicFileAttributes;

/**
 * Size, modification time and identity (file key) of an inbox file as it was read (hashed, dated, copied):
 * the state it must still have when its inbox name is removed.
 */
public record SourceState(long size, long modifiedMillis, Object fileKey) {

    public static SourceState of(BasicFileAttributes attributes) {
        return new SourceState(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
    }

    /** Same identity (the same inode), whatever its content: it was written into, not replaced. */
    boolean sameFile(SourceState other) {
        return fileKey != null && fileKey.equals(other.fileKey);
    }
}
