package org.photoorganizer.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import org.photoorganizer.media.FileClassifier;

/**
 * Walks the inbox once and hands every candidate file to a consumer. Ignored folders ({@code @eaDir},
 * {@code #recycle}, hidden ones) are not entered and symbolic links are never followed, so a link can
 * not lead the service out of the inbox.
 */
public final class InboxScanner {
    private final FileClassifier classifier;

    public InboxScanner(FileClassifier classifier) {
        this.classifier = classifier;
    }

    public void scan(Path root, Consumer<Path> onFile, Consumer<Path> onDirectory) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && classifier.isIgnoredName(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                onDirectory.accept(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!classifier.isIgnoredName(file.getFileName().toString())) {
                    onFile.accept(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A folder we may not read, or one that vanished: the rest of the inbox still counts.
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
