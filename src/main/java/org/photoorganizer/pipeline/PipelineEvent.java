package org.photoorganizer.pipeline;

import java.nio.file.Path;

/**
 * What happened to one inbox file. Listeners (CSV log, statistics, Synology indexer) each react to the
 * events they care about; the pipeline does not know them.
 *
 * <p>Paths are absolute. {@code size} is the file's size in bytes when the event happened.
 */
public sealed interface PipelineEvent {

    Path source();

    /** A media file was seen in the inbox and is about to be processed. */
    record Detected(Path source, long size) implements PipelineEvent {}

    /**
     * The file was moved into the library (or {@code NoDateFound/}); {@code note} is something the user
     * should know about it, or empty.
     */
    record Filed(Path source, Path target, long size, String note) implements PipelineEvent {
        public Filed(Path source, Path target, long size) {
            this(source, target, size, "");
        }
    }

    /** The incoming file was deleted because {@code keptCopy} holds the same bytes. */
    record DuplicateDeleted(Path source, Path keptCopy, long size) implements PipelineEvent {}

    /** The file went to {@code Duplicates/}: an exact copy of {@code original} with delete=false. */
    record MovedToDuplicates(Path source, Path target, Path original, long size) implements PipelineEvent {}

    /**
     * Two visually similar images: {@code lesser} was moved from {@code source} (the inbox or the library)
     * to {@code lesserTarget} in {@code Duplicates/}, {@code better} is the version kept in the library.
     */
    record SimilarImage(Path source, Path lesserTarget, Path better, int distance, long size) implements PipelineEvent {}

    /** Not a photo or video (or a symlink, or an empty file): left where it is. */
    record Skipped(Path source, String reason) implements PipelineEvent {}

    /** Processing failed; the file was left in place. */
    record Failed(Path source, String message) implements PipelineEvent {}

    /**
     * A file of {@code Duplicates/} deleted because a person asked for it on the review page, after a
     * confirmation; {@code reason} says who and why (it need not be identical to anything).
     */
    record DeletedByUser(Path source, long size, String reason) implements PipelineEvent {}
}
