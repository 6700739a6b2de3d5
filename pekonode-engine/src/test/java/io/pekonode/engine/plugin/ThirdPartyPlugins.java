package io.pekonode.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds what a third party would ship: a transport plugin module compiled against
 * {@code io.pekonode.api} alone, knowing nothing of the engine, then loads it into a module layer on
 * top of the boot layer, the way an application loads plugins at run time.
 */
final class ThirdPartyPlugins {

    private ThirdPartyPlugins() {
    }

    /** Compiles module {@code moduleName} with a provider named {@code providerName}; returns its class directory. */
    static Path compileTransportPlugin(Path workDir, String moduleName, String providerName) throws IOException {
        return compileTransportPlugin(workDir, moduleName, providerName, "");
    }

    /**
     * As above, with {@code constructorBody} as the provider's no-argument constructor, e.g. one that
     * throws the way a plugin missing its licence file or native library would.
     */
    static Path compileTransportPlugin(Path workDir, String moduleName, String providerName, String constructorBody)
            throws IOException {
        String pkg = moduleName;
        Path src = workDir.resolve("src-" + moduleName);
        Path out = workDir.resolve("mods").resolve(moduleName);
        Path pkgDir = src.resolve(pkg.replace('.', '/'));
        Files.createDirectories(pkgDir);
        Files.createDirectories(out);
        Files.writeString(src.resolve("module-info.java"), """
                module %s {
                    requires io.pekonode.api;
                    provides io.pekonode.api.spi.transport.TransportProvider with %s.CarrierPigeonProvider;
                }
                """.formatted(moduleName, pkg));
        Files.writeString(pkgDir.resolve("CarrierPigeonProvider.java"), """
                package %s;

                import io.pekonode.api.spi.transport.Transport;
                import io.pekonode.api.spi.transport.TransportConfig;
                import io.pekonode.api.spi.transport.TransportProvider;

                public final class CarrierPigeonProvider implements TransportProvider {
                    public CarrierPigeonProvider() { %s }
                    @Override public String name() { return "%s"; }
                    @Override public Transport create(TransportConfig config) {
                        throw new UnsupportedOperationException("pigeons are slow");
                    }
                }
                """.formatted(pkg, constructorBody, providerName));
        // Tests are patched into io.pekonode.engine, which does not (and should not) require java.compiler.
        ThirdPartyPlugins.class.getModule().addReads(
                ModuleLayer.boot().findModule("java.compiler").orElseThrow(() -> new AssertionError("no java.compiler")));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        Path apiLocation = Path.of(ModuleLayer.boot().configuration().findModule("io.pekonode.api").orElseThrow()
                .reference().location().orElseThrow());
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
                "--module-path", apiLocation.toString(),
                src.resolve("module-info.java").toString(), pkgDir.resolve("CarrierPigeonProvider.java").toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, status, "plugin did not compile: " + diagnostics);
        return out;
    }

    /** A layer holding the given exploded modules, child of the boot layer. */
    static ModuleLayer layerOf(Path modsDir, String... moduleNames) {
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolveAndBind(ModuleFinder.of(modsDir), ModuleFinder.of(),
                Set.of(moduleNames));
        return boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }
}
