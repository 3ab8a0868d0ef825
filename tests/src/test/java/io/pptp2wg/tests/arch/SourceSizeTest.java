package io.pptp2wg.tests.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's bound on the data-path modules: no main source file of {@code gateway} or {@code bridge} over 450 lines
 * (about 400 is where a file starts holding a second concept). A file that grows past it is split along its
 * concepts, not exempted here.
 */
class SourceSizeTest {
    private static final int MAX_LINES = 450;
    private static final List<Path> ROOTS = List.of(Path.of("..", "gateway", "src", "main", "java"),
            Path.of("..", "bridge", "src", "main", "java"));

    @Test
    void noMainSourceFileOverTheBound() throws IOException {
        List<String> over = new ArrayList<>();
        int files = 0;
        for (Path root : ROOTS) {
            assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " missing");
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    long lines;
                    try (Stream<String> l = Files.lines(f)) {
                        lines = l.count();
                    }
                    if (lines > MAX_LINES) {
                        over.add(root.relativize(f) + ": " + lines + " lines");
                    }
                }
            }
        }
        assertTrue(files > 100, "only " + files + " source files found under " + ROOTS);
        assertEquals(List.of(), over, "main source files over " + MAX_LINES + " lines");
    }
}
