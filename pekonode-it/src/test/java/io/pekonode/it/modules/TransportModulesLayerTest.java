package io.pekonode.it.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The packaged transport plugins resolve together on a module path, as the launcher runs them: the
 * shared stream module once with both plugins beside it (a package in two jars would fail here), and
 * each provider found by name from its own module.
 */
class TransportModulesLayerTest {

    private static final String PROVIDER = "io.pekonode.api.spi.transport.TransportProvider";

    @Test
    void bothBundledTransportsResolveSideBySideAndAreFoundFromTheirOwnModules() throws Exception {
        ModuleFinder jars = ModuleFinder.of(
                ArtifactLocator.locate("pekonode-api"),
                ArtifactLocator.locate("pekonode-transport-stream"),
                ArtifactLocator.locate("pekonode-transport-tcp"),
                ArtifactLocator.locate("pekonode-transport-udp"),
                ArtifactLocator.locate("log4j-api"));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolveAndBind(jars, ModuleFinder.of(),
                Set.of("io.pekonode.transport.tcp", "io.pekonode.transport.udp"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        ClassLoader loader = layer.findLoader("io.pekonode.api");
        Class<?> service = Class.forName(PROVIDER, false, loader);
        Map<String, String> moduleByName = new TreeMap<>();
        for (Object provider : ServiceLoader.load(layer, service)) {
            String name = (String) service.getMethod("name").invoke(provider);
            moduleByName.put(name, provider.getClass().getModule().getName());
        }
        assertEquals(Map.of("tcp", "io.pekonode.transport.tcp", "udp", "io.pekonode.transport.udp"), moduleByName);
    }
}
