package io.pekonode.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.PekoNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLocatorTest {

    /** A provider defined here, to build candidate lists without any jar. */
    static final class Fake implements TransportProvider {
        private final String name;

        Fake(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Transport create(TransportConfig config) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void missingNameListsEveryProviderFoundAndTheJarToAdd() {
        List<FoundProvider<TransportProvider>> found = List.of(
                new FoundProvider<>("tcp", new Fake("tcp")), new FoundProvider<>("memory", new Fake("memory")));
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> PluginLocator.choose(PluginKind.TRANSPORT, "udp", found));
        String fake = Fake.class.getName();
        assertEquals("No transport provider named 'udp' was found. Providers found: [tcp (" + fake
                + " in module io.pekonode.engine), memory (" + fake + " in module io.pekonode.engine)]. "
                + "Add pekonode-transport-udp.jar to the module path (or class path).", e.getMessage());
    }

    @Test
    void missingThirdPartyNameAdvisesThePluginsJar() {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> PluginLocator.choose(PluginKind.CODEC, "protobuf", List.<FoundProvider<CodecProvider>>of()));
        assertEquals("No codec provider named 'protobuf' was found. Providers found: none. Add the jar of the plugin "
                + "that provides the codec 'protobuf' to the module path (or class path), or check the spelling.",
                e.getMessage());
    }

    @Test
    void twoProvidersWithOneNameFailLoudlyNamingBoth() {
        List<FoundProvider<TransportProvider>> found = List.of(
                new FoundProvider<>("udp", new Fake("udp")), new FoundProvider<>("udp", new Fake("udp")));
        DuplicatePluginException e = assertThrows(DuplicatePluginException.class,
                () -> PluginLocator.choose(PluginKind.TRANSPORT, "udp", found));
        assertTrue(e.getMessage().startsWith("Found 2 transport providers named 'udp': [udp ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("Exactly one must provide a name; remove the extra jar."), e.getMessage());
    }

    @Test
    void theJsonCodecIsDiscoveredFromItsJar() {
        List<FoundProvider<CodecProvider>> codecs = PluginLocator.standard().findAll(PluginKind.CODEC);
        assertTrue(codecs.stream().anyMatch(f -> f.name().equals("json")), codecs.toString());
        assertEquals("json", PluginLocator.standard().select(PluginKind.CODEC, "json", List.of()).name());
    }

    @Test
    void thirdPartyTransportOnTheModulePathIsFoundByName(@TempDir Path dir) throws Exception {
        ThirdPartyPlugins.compileTransportPlugin(dir, "com.example.pigeon", "pigeon");
        ModuleLayer layer = ThirdPartyPlugins.layerOf(dir.resolve("mods"), "com.example.pigeon");

        PluginLocator locator = PluginLocator.of(layer, null);
        TransportProvider found = locator.select(PluginKind.TRANSPORT, "pigeon", List.of());
        assertEquals("com.example.pigeon.CarrierPigeonProvider", found.getClass().getName());
        assertEquals("com.example.pigeon", found.getClass().getModule().getName());

        // A misspelt name lists the plugin with its module, so the user sees what is there.
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> locator.select(PluginKind.TRANSPORT, "pidgeon", List.of()));
        assertTrue(e.getMessage().contains(
                "pigeon (com.example.pigeon.CarrierPigeonProvider in module com.example.pigeon)"), e.getMessage());

        // And the public entry point selects it the same way.
        ClusterConfig config = ClusterConfig.local().transport("pigeon").bind(new NodeAddress("127.0.0.1", 0)).build();
        try (PekoNode node = PekoNode.builder(config).moduleLayer(layer).build()) {
            assertEquals("pigeon", node.config().transport());
        }
    }

    @Test
    void twoThirdPartyModulesClaimingOneNameAreRefused(@TempDir Path dir) throws Exception {
        ThirdPartyPlugins.compileTransportPlugin(dir, "com.example.one", "twin");
        ThirdPartyPlugins.compileTransportPlugin(dir, "com.example.two", "twin");
        ModuleLayer layer = ThirdPartyPlugins.layerOf(dir.resolve("mods"), "com.example.one", "com.example.two");

        DuplicatePluginException e = assertThrows(DuplicatePluginException.class,
                () -> PluginLocator.of(layer, null).select(PluginKind.TRANSPORT, "twin", List.of()));
        assertTrue(e.getMessage().contains("in module com.example.one"), e.getMessage());
        assertTrue(e.getMessage().contains("in module com.example.two"), e.getMessage());
    }

    @Test
    void anExplicitProviderShadowsDiscoveredOnesOfItsName() {
        TransportProvider mine = new Fake("memory");
        assertSame(mine, PluginLocator.standard().select(PluginKind.TRANSPORT, "memory", List.of(mine)));
    }

    @Test
    void pekoNodeCreateFailsAtOnceForAMissingTransport() {
        ClusterConfig config = ClusterConfig.local().transport("carrier-pigeon").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PekoNode.create(config));
        assertTrue(e.getMessage().startsWith("No transport provider named 'carrier-pigeon' was found."), e.getMessage());
    }
}
