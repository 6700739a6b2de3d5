package io.pekonode.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.transport.stream.testing.TestSupport;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The udp plugin alone on its module path. That both bundled transports resolve side by side in one
 * module layer, each from its own module, is checked with the packaged jars in
 * {@code pekonode-it} ({@code TransportModulesLayerTest}); the tcp plugin's own module is checked in
 * its {@code ServiceDiscoveryTest}.
 */
class ServiceDiscoveryTest {

    @Test
    void serviceLoaderFindsTheUdpProviderByNameOnTheModulePath() {
        Module module = getClass().getModule();
        assertTrue(module.isNamed(), "tests run on the module path");
        module.addUses(TransportProvider.class); // tests are patched into a module that only provides

        Map<String, TransportProvider> byName = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(TransportProvider::name, provider -> provider));
        assertInstanceOf(UdpTransportProvider.class, byName.get("udp"));
        assertEquals("io.pekonode.transport.udp", byName.get("udp").getClass().getModule().getName());
        assertInstanceOf(UdpTransport.class, byName.get("udp").create(TestSupport.config()));
    }
}
