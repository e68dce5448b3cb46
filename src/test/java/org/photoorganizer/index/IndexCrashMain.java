package org.photoorganizer.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.photoorganizer.index.LibraryIndex.Area;

/**
 * Writes rows one by one, journals a move, then halts the JVM in the middle of a batch, as a kill -9
 * would stop it: no finally block, no close. Arguments: indexFile libraryRoot. Exits 1 when the index
 * cannot be opened.
 */
public final class IndexCrashMain {
    static final int HALTED = 137;
    static final int ROWS = 200;

    private IndexCrashMain() {}

    public static void main(String[] args) throws Exception {
        Path library = Path.of(args[1]);
        LibraryIndex index;
        try {
            index = LibraryIndex.open(Path.of(args[0]), library);
        } catch (IOException e) {
            System.out.println(e.getMessage());
            System.exit(1);
            return;
        }
        for (int i = 0; i < ROWS; i++) {
            index.put(library.resolve("2024/08_Aug/" + i + ".jpg"), i + 1, i, String.format("%032x", i),
                    Optional.empty(), Area.LIBRARY);
        }
        index.begin(library.resolve("in/x.jpg"), library.resolve("2024/08_Aug/x.jpg"), 1);
        index.inTransaction(() -> {
            for (int i = 0; i < 100; i++) {
                index.put(library.resolve("batch/" + i + ".jpg"), i + 1, i, String.format("%032x", i),
                        Optional.empty(), Area.LIBRARY);
            }
            Runtime.getRuntime().halt(HALTED);
        });
    }
}
