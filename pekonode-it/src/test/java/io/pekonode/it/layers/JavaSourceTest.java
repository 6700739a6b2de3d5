package io.pekonode.it.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layering rules judge code only: what comments and literals mention is no dependency. */
class JavaSourceTest {

    @TempDir
    Path dir;

    @Test
    void importsAndQualifiedNamesInCodeCountAndCommentsAndLiteralsDoNot() throws IOException {
        JavaSource source = source("""
                package io.pekonode.engine.core;

                import java.util.List;
                import static io.pekonode.api.NodeAddress.parse;

                /** Unlike {@link io.pekonode.engine.runtime.NodeRuntime}, no System.nanoTime() here. */
                class Sample {
                    // java.net.Socket would be I/O
                    String text = "io.pekonode.engine.metrics.Meters and System.nanoTime()";
                    char quote = '"';
                    String block = \"""
                        java.nio.channels.Selector
                        \""";
                    java.time.Duration timeout;
                    long now() {
                        return System.nanoTime();
                    }
                }
                """);

        assertEquals(List.of(
                        new JavaSource.Reference(3, "java.util.List", true),
                        new JavaSource.Reference(4, "io.pekonode.api.NodeAddress.parse", true),
                        new JavaSource.Reference(14, "java.time.Duration", false)),
                source.references());
        assertEquals(List.of(new JavaSource.Reference(16, "System.nanoTime", false)),
                source.occurrences(Pattern.compile("System\\.nanoTime")));
    }

    private JavaSource source(String text) throws IOException {
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, text);
        return JavaSource.read(file);
    }
}
