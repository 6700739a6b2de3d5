package io.pekonode.it.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards every module boundary: each of our jars must carry a module descriptor whose rendering
 * (see {@link DescriptorText}) equals the committed {@code module-descriptors/<module>.txt}. A
 * boundary change (a new export, a dropped {@code requires transitive}, a missing {@code provides})
 * then shows up in review as a change to that file instead of slipping through.
 *
 * <p>To accept intended changes, rewrite the files and review their diff:
 * <pre>
 * mvn -B -o -q -DskipTests install -pl pekonode-api,pekonode-codec-json,pekonode-typed,pekonode-transport-stream,pekonode-transport-tcp,pekonode-transport-udp,pekonode-discovery-dns,pekonode-discovery-etcd,pekonode-engine,pekonode-testkit,pekonode-agent
 * mvn -B -o -q -pl pekonode-it test -Dtest='*Module*' -Dsurefire.failIfNoSpecifiedTests=false -Dpekonode.updateDescriptors=true
 * </pre>
 */
class ModuleDescriptorTest {

    /** Set to {@code true} to rewrite the expectation files from the jars instead of comparing. */
    static final String UPDATE_PROPERTY = "pekonode.updateDescriptors";

    /** Our modules: artifact id and the module name it must declare. */
    enum OurModule {
        API("pekonode-api", "io.pekonode.api"),
        CODEC_JSON("pekonode-codec-json", "io.pekonode.codec.json"),
        TYPED("pekonode-typed", "io.pekonode.typed"),
        TRANSPORT_STREAM("pekonode-transport-stream", "io.pekonode.transport.stream"),
        TRANSPORT_TCP("pekonode-transport-tcp", "io.pekonode.transport.tcp"),
        TRANSPORT_UDP("pekonode-transport-udp", "io.pekonode.transport.udp"),
        DISCOVERY_DNS("pekonode-discovery-dns", "io.pekonode.discovery.dns"),
        DISCOVERY_ETCD("pekonode-discovery-etcd", "io.pekonode.discovery.etcd"),
        ENGINE("pekonode-engine", "io.pekonode.engine"),
        TESTKIT("pekonode-testkit", "io.pekonode.testkit"),
        CONSENSUS("pekonode-consensus", "io.pekonode.consensus"),
        AGENT("pekonode-agent", "io.pekonode.agent");

        final String artifactId;
        final String moduleName;

        OurModule(String artifactId, String moduleName) {
            this.artifactId = artifactId;
            this.moduleName = moduleName;
        }

        @Override
        public String toString() {
            return artifactId;
        }
    }

    static Stream<OurModule> modules() {
        return Stream.of(OurModule.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void moduleDescriptorMatchesTheCommittedExpectation(OurModule module) throws IOException {
        Path artifact = ArtifactLocator.locate(module.artifactId);
        ModuleDescriptor descriptor = readDescriptor(module, artifact);
        assertEquals(module.moduleName, descriptor.name(), module.artifactId + " declares the wrong module name");
        List<String> actual = DescriptorText.render(descriptor);
        Path expectationFile = expectationDirectory().resolve(module.moduleName + ".txt");

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(expectationFile.getParent());
            Files.write(expectationFile, withHeader(actual), StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(expectationFile)) {
            fail("no expectation for " + module.moduleName + " at " + expectationFile + ".\n" + howToUpdate()
                    + "\nIts descriptor now reads:\n" + String.join("\n", actual));
        }
        List<String> expected = readExpectation(expectationFile);
        if (!expected.equals(actual)) {
            fail("the module descriptor of " + module.artifactId + " (" + artifact + ") differs from " + expectationFile
                    + " (- expected, + actual):\n" + LineDiff.diff(expected, actual) + "\n"
                    + "If the change is intended: " + howToUpdate());
        }
    }

    /**
     * Transport plugins are reached only through their {@code provides}: they export nothing, and
     * none requires another plugin (shared code lives in the stream module).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transportPlugins")
    void aTransportPluginExportsNothingAndRequiresNoOtherPlugin(OurModule plugin) {
        ModuleDescriptor descriptor = readDescriptor(plugin, ArtifactLocator.locate(plugin.artifactId));
        assertEquals(Set.of(), descriptor.exports(), plugin.artifactId + " exports packages");
        List<String> otherPlugins = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> transportPlugins().anyMatch(p -> p.moduleName.equals(name)))
                .collect(Collectors.toList());
        assertEquals(List.of(), otherPlugins, plugin.artifactId + " requires another plugin");
        assertEquals(1, descriptor.provides().size(), plugin.artifactId + " provides its transport");
    }

    /** Discovery plugins, likewise: reached through their {@code provides} alone, never requiring another plugin. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("discoveryPlugins")
    void aDiscoveryPluginExportsNothingAndRequiresNoOtherPlugin(OurModule plugin) {
        ModuleDescriptor descriptor = readDescriptor(plugin, ArtifactLocator.locate(plugin.artifactId));
        assertEquals(Set.of(), descriptor.exports(), plugin.artifactId + " exports packages");
        assertTrue(descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .noneMatch(name -> name.startsWith("io.pekonode.") && !name.equals("io.pekonode.api")),
                plugin.artifactId + " requires a PekoNode module other than the API: " + descriptor.requires());
        assertEquals(Set.of("io.pekonode.api.spi.discovery.DiscoveryProvider"),
                descriptor.provides().stream().map(ModuleDescriptor.Provides::service).collect(Collectors.toSet()));
    }

    static Stream<OurModule> discoveryPlugins() {
        return Stream.of(OurModule.DISCOVERY_DNS, OurModule.DISCOVERY_ETCD);
    }

    static Stream<OurModule> transportPlugins() {
        return Stream.of(OurModule.TRANSPORT_TCP, OurModule.TRANSPORT_UDP);
    }

    /** A renamed or removed module must take its expectation file with it. */
    @Test
    void everyExpectationFileBelongsToAnExpectedModule() throws IOException {
        Path directory = expectationDirectory();
        assertTrue(Files.isDirectory(directory), "missing " + directory);
        Set<String> known = modules().map(m -> m.moduleName + ".txt").collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(directory)) {
            List<String> strays = files.map(p -> p.getFileName().toString())
                    .filter(name -> !known.contains(name))
                    .sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of(), strays, "expectation files for modules this test does not know");
        }
    }

    private static ModuleDescriptor readDescriptor(OurModule module, Path artifact) {
        if (Files.isDirectory(artifact) && !Files.exists(artifact.resolve("module-info.class"))) {
            fail(module.artifactId + " classes directory has no module descriptor (module-info.class): " + artifact);
        }
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(artifact).findAll();
        } catch (FindException e) {
            throw new AssertionError(module.artifactId + ": cannot read a module from " + artifact, e);
        }
        assertEquals(1, found.size(), () -> "exactly one module in " + artifact + " but found " + found);
        ModuleDescriptor descriptor = found.iterator().next().descriptor();
        if (descriptor.isAutomatic()) {
            fail(module.artifactId + " jar has no module descriptor: it would load as the automatic module '"
                    + descriptor.name() + "' that exports everything. Add src/main/java/module-info.java declaring"
                    + " module " + module.moduleName + ". (" + artifact + ")");
        }
        return descriptor;
    }

    /** The source tree, not the class path copy, so that updates land where they are committed. */
    private static Path expectationDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("src/test/resources/module-descriptors");
    }

    private static List<String> readExpectation(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> withHeader(List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add("# Module boundary checked by io.pekonode.it.modules.ModuleDescriptorTest. Regenerate, then review the diff:");
        out.add("#   " + updateCommand());
        out.addAll(lines);
        return out;
    }

    private static String howToUpdate() {
        return "install the changed modules (mvn -DskipTests install -pl <module>), then rewrite the expectations with\n  "
                + updateCommand() + "\nand review the diff of pekonode-it/src/test/resources/module-descriptors before committing.";
    }

    private static String updateCommand() {
        return "mvn -pl pekonode-it test -Dtest='*Module*' -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
    }
}
