package org.photoorganizer.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileClassifierTest {
    private final FileClassifier classifier = new FileClassifier();

    @ParameterizedTest
    @ValueSource(strings = {"a.jpg", "B.JPEG", "c.HeIc", "d.cr3", "e.dng", "f.webp", "g.avif", "h.tiff", "i.JXL"})
    void images(String name) {
        assertThat(classifier.kindOf(Path.of(name))).contains(MediaKind.IMAGE);
        assertThat(classifier.classify(Path.of(name))).isEqualTo(FileClassifier.Verdict.MEDIA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.mp4", "b.MOV", "c.m2ts", "d.3gp", "e.mkv", "f.MTS"})
    void videos(String name) {
        assertThat(classifier.kindOf(Path.of(name))).contains(MediaKind.VIDEO);
    }

    @ParameterizedTest
    @ValueSource(strings = {".DS_Store", "Thumbs.db", "desktop.ini", "@eaDir", "#recycle", "#snapshot",
            ".SYNOINDEX_MEDIA_INFO", "movie.mp4.part", "x.crdownload", "y.tmp", "~$doc.jpg", ".hidden.jpg",
            ".photo-organizer-20240101.jpg.tmp"})
    void ignored(String name) {
        assertThat(classifier.classify(Path.of(name))).isEqualTo(FileClassifier.Verdict.IGNORED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"IMG_1.xmp", "IMG_1.AAE", "IMG_1.HEIC.json"})
    void sidecars(String name) {
        assertThat(classifier.classify(Path.of(name))).isEqualTo(FileClassifier.Verdict.SIDECAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "archive.zip", "noextension", "photo.jpg.bak"})
    void others(String name) {
        assertThat(classifier.classify(Path.of(name))).isEqualTo(FileClassifier.Verdict.OTHER);
    }
}
