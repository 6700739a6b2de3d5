package io.pekonode.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.codec.DecodeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void serviceLoaderFindsTheJsonCodec() {
        // Tests are patched into io.pekonode.codec.json, which provides but does not use the service;
        // the engine declares `uses`. Declare it for this module at run time, as ServiceLoader requires.
        ProviderTest.class.getModule().addUses(CodecProvider.class);
        List<CodecProvider> providers = ServiceLoader.load(CodecProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .collect(Collectors.toList());
        assertEquals(1, providers.size(), "exactly one provider named json");
        assertInstanceOf(JsonCodec.class, providers.get(0).create(DecodeLimits.defaults()));
    }

    @Test
    void classPathUsersFindItThroughMetaInfServices() throws IOException {
        try (InputStream in = JsonCodecProvider.class.getClassLoader()
                .getResourceAsStream("META-INF/services/" + CodecProvider.class.getName())) {
            assertNotNull(in, "META-INF/services file for class-path users");
            assertEquals(JsonCodecProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
