package io.pekonode.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.transport.stream.testing.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {

    @Test
    void serviceLoaderFindsTheTcpProviderOnTheModulePath() {
        Module module = getClass().getModule();
        assertTrue(module.isNamed(), "tests run on the module path");
        // Tests are patched into this module, which provides but does not itself use the service.
        module.addUses(TransportProvider.class);

        List<TransportProvider> tcp = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("tcp"))
                .toList();
        assertEquals(1, tcp.size());
        assertInstanceOf(TcpTransportProvider.class, tcp.get(0));
        assertEquals("io.pekonode.transport.tcp", tcp.get(0).getClass().getModule().getName());
        assertInstanceOf(TcpTransport.class, tcp.get(0).create(TestSupport.config()));
    }

    @Test
    void classPathUsersHaveAServicesFile() throws IOException {
        try (InputStream in = getClass().getModule()
                .getResourceAsStream("META-INF/services/io.pekonode.api.spi.transport.TransportProvider")) {
            assertTrue(in != null, "services file present");
            assertEquals(TcpTransportProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
