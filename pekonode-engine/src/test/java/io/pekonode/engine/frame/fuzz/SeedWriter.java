package io.pekonode.engine.frame.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the committed seed inputs of {@link FrameOpenFuzzTest} and {@link StateDecodeFuzzTest}
 * after a format change: {@code mvn -pl pekonode-engine verify -Dtest=io.pekonode.engine.frame.fuzz.SeedWriter
 * -Dpekonode.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "pekonode.writeSeeds", matches = "true")
class SeedWriter {

    // Surefire runs in the module's directory.
    private static final Path ROOT = Path.of("src/test/resources/io/pekonode/engine/frame/fuzz");

    @Test
    void writeSeeds() throws IOException {
        write("FrameOpenFuzzTestInputs/checksumOpenThrowsOnlyFrameException", "checksum", FrameFuzzSamples.checksumFrames());
        write("FrameOpenFuzzTestInputs/sealedOpenThrowsOnlyFrameException", "sealed", FrameFuzzSamples.sealedFrames());
        write("FrameOpenFuzzTestInputs/sealedOpenThrowsOnlyFrameException", "checksum", FrameFuzzSamples.checksumFrames());
        byte[] full = FrameFuzzSamples.encodeState(FrameFuzzSamples.state());
        byte[] small = FrameFuzzSamples.encodeState(FrameFuzzSamples.smallState());
        write("StateDecodeFuzzTestInputs/fileDecodeThrowsOnlyStateFormatException", "state", List.of(full, small));
        write("StateDecodeFuzzTestInputs/bodyDecodeThrowsOnlyStateFormatException", "body",
                List.of(FrameFuzzSamples.bodyOf(full), FrameFuzzSamples.bodyOf(small)));
    }

    private static void write(String dir, String prefix, List<byte[]> seeds) throws IOException {
        Path d = ROOT.resolve(dir);
        Files.createDirectories(d);
        for (int i = 0; i < seeds.size(); i++) {
            Files.write(d.resolve("seed-" + prefix + "-" + i), seeds.get(i));
        }
    }
}
