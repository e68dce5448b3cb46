package org.photoorganizer.media;

/** What the service does with a file depends only on whether it is a photo or a video. */
public enum MediaKind {
    IMAGE,
    VIDEO
}
