package io.pekonode.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.DuplicatePluginException;
import io.pekonode.api.spi.PluginException;
import io.pekonode.api.spi.PluginNotFoundException;
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
        String both = "udp (" + Fake.class.getName() + " in module io.pekonode.engine)";
        assertEquals(List.of(both, both), e.providers());
        assertEquals("transport", e.kind());
        assertEquals("udp", e.requestedName());
    }

    @Test
    void aWrongCaseOrATypoSuggestsTheCloseMatch() {
        List<FoundProvider<TransportProvider>> found = List.of(
                new FoundProvider<>("tcp", new Fake("tcp")), new FoundProvider<>("udp", new Fake("udp")));
        PluginNotFoundException upper = assertThrows(PluginNotFoundException.class,
                () -> PluginLocator.choose(PluginKind.TRANSPORT, "TCP", found));
        assertEquals(List.of("tcp"), upper.suggestions());
        assertTrue(upper.getMessage().startsWith("No transport provider named 'TCP' was found. Did you mean 'tcp'? "
                + "Names are case-sensitive. Providers found: [tcp ("), upper.getMessage());

        PluginNotFoundException swapped = assertThrows(PluginNotFoundException.class,
                () -> PluginLocator.choose(PluginKind.TRANSPORT, "tpc", found));
        assertEquals(List.of("tcp"), swapped.suggestions(), "two letters swapped");
        PluginNotFoundException far = assertThrows(PluginNotFoundException.class,
                () -> PluginLocator.choose(PluginKind.TRANSPORT, "quic", found));
        assertEquals(List.of(), far.suggestions());
        assertTrue(!far.getMessage().contains("Did you mean"), far.getMessage());
    }

    @Test
    void aProviderWhoseConstructorThrowsIsNamedWithItsCause(@TempDir Path dir) throws Exception {
        ThirdPartyPlugins.compileTransportPlugin(dir, "com.example.broken", "broken",
                "throw new IllegalStateException(\"licence file /etc/broken.lic not found\");");
        ThirdPartyPlugins.compileTransportPlugin(dir, "com.example.pigeon", "pigeon");
        ModuleLayer layer = ThirdPartyPlugins.layerOf(dir.resolve("mods"), "com.example.broken", "com.example.pigeon");
        PluginLocator locator = PluginLocator.of(layer, null);

        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> locator.select(PluginKind.TRANSPORT, "broken", List.of()));
        assertEquals(1, e.loadFailures().size(), e.loadFailures().toString());
        String failure = e.loadFailures().get(0);
        assertTrue(failure.contains("com.example.broken.CarrierPigeonProvider"), failure);
        assertTrue(failure.contains("java.lang.IllegalStateException: licence file /etc/broken.lic not found"), failure);
        assertTrue(e.getMessage().contains("Providers that failed to load: " + failure), e.getMessage());
        assertTrue(e.getMessage().contains("One of them may be the 'broken' transport: fix the cause shown."),
                e.getMessage());
        assertTrue(e.getMessage().contains("pigeon (com.example.pigeon.CarrierPigeonProvider in module com.example.pigeon)"),
                "the providers that loaded are still listed: " + e.getMessage());
        assertEquals("licence file /etc/broken.lic not found", rootCause(e).getMessage(), "the cause travels with it");

        // The broken plugin does not hide the working one.
        assertEquals("com.example.pigeon.CarrierPigeonProvider",
                locator.select(PluginKind.TRANSPORT, "pigeon", List.of()).getClass().getName());
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
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
        // Catchable by the API's type, without reaching into the engine.
        PluginException typed = assertInstanceOf(PluginNotFoundException.class, e);
        assertEquals("carrier-pigeon", typed.requestedName());
        assertEquals("io.pekonode.api", typed.getClass().getModule().getName());
    }

    @Test
    void aWrongCaseTransportNameFailsAtCreateWithTheSuggestion() {
        ClusterConfig config = ClusterConfig.local().transport("TCP").build();
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class, () -> PekoNode.create(config));
        assertEquals(List.of("tcp"), e.suggestions(), e.getMessage());
    }
}
