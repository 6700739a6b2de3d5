package io.pekonode.codec.json.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the committed seed inputs of {@link JsonDecodeFuzzTest} (one encoded message of every
 * type) after a wire change: {@code mvn -pl pekonode-codec-json verify -Dtest=SeedWriter
 * -Dpekonode.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "pekonode.writeSeeds", matches = "true")
class SeedWriter {

    @Test
    void writeSeeds() throws IOException {
        // Surefire runs in the module's directory.
        Path dir = Path.of("src/test/resources/io/pekonode/codec/json/fuzz/JsonDecodeFuzzTestInputs/decodeThrowsOnlyDecodeExceptionAndRoundTrips");
        Files.createDirectories(dir);
        List<byte[]> seeds = FuzzSamples.encodedEveryType();
        for (int i = 0; i < seeds.size(); i++) {
            String type = FuzzSamples.everyType().get(i).getClass().getSimpleName();
            Files.write(dir.resolve("seed-" + type), seeds.get(i));
        }
    }
}
