package io.pekonode.codec.json.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.pekonode.codec.json.Zlib;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the committed seed inputs of {@link JsonDecodeFuzzTest} (the JSON of one message of
 * every type, and the compressed form of those the codec compresses) after a wire change: {@code mvn -pl pekonode-codec-json verify -Dtest=SeedWriter
 * -Dpekonode.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "pekonode.writeSeeds", matches = "true")
class SeedWriter {

    @Test
    void writeSeeds() throws IOException {
        // Surefire runs in the module's directory.
        Path dir = Path.of("src/test/resources/io/pekonode/codec/json/fuzz/JsonDecodeFuzzTestInputs/decodeThrowsOnlyDecodeExceptionAndRoundTrips");
        Files.createDirectories(dir);
        // JSON seeds, which a fuzzer can mutate into other messages; and each compressed encoding as
        // sent, which covers inflating.
        List<byte[]> encoded = FuzzSamples.encodedEveryType();
        for (int i = 0; i < encoded.size(); i++) {
            String type = FuzzSamples.everyType().get(i).getClass().getSimpleName();
            Files.write(dir.resolve("seed-" + type), Zlib.json(encoded.get(i)));
            if (Zlib.isCompressed(encoded.get(i))) {
                Files.write(dir.resolve("seed-" + type + "-zlib"), encoded.get(i));
            }
        }
    }
}
