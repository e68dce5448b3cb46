package org.photoorganizer.pipeline;

import java.nio.file.attribute.BasicFileAttributes;

/** Size, modification time and identity of a file: if any of them changes, it is not the same file. */
record FileSnapshot(long size, long modifiedMillis, Object fileKey) {

    static FileSnapshot of(BasicFileAttributes attributes) {
        return new FileSnapshot(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
    }
}
