package io.pekonode.it.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers apart, read from the main sources of every module:
 * <ul>
 *   <li>the protocol core ({@code io.pekonode.engine.core}) is sans-IO: nothing of the runtime,
 *       security, persistence, metrics, plugin discovery, frames, transports or codecs, and no
 *       sockets, files, threads, sleeps, clocks or unseeded randomness;</li>
 *   <li>the API depends on no other module and no library;</li>
 *   <li>plugins (the codec, the transports, the discovery plugins), the shared stream module and the consensus
 *       module use the API only (the transports also the stream module) and their own libraries;</li>
 *   <li>no main code outside the test kit uses the test kit.</li>
 * </ul>
 * Each violation names the file, the line and what it imports or names. Modules without a layer
 * below fail the test until one is added, so a new module is placed on purpose.
 */
class LayeringTest {

    private static final String LOG4J = "org.apache.logging.log4j";
    private static final String API = "io.pekonode.api";

    /** Modules that have only the rule every module has: no test kit in main code. */
    private static final Set<String> UNLAYERED = Set.of("pekonode-engine", "pekonode-testkit", "pekonode-agent",
            "pekonode-typed", "pekonode-dist");

    private static final List<Layer> LAYERS = List.of(
            new Layer("the protocol core", "pekonode-engine", "io.pekonode.engine.core",
                    List.of("io.pekonode.engine.core", API),
                    List.of("io.pekonode.api.spi.transport", "io.pekonode.api.spi.codec", "io.pekonode.api.spi.discovery"),
                    List.of("com.google.common", LOG4J),
                    List.of("java.net", "java.nio.channels", "java.nio.file", "java.io.File", "java.util.concurrent",
                            "java.util.Timer", "java.time.Clock", "java.security.SecureRandom", "java.lang.Thread"),
                    List.of(Pattern.compile("\\bnew\\s+(?:Thread|Random|SecureRandom)\\s*\\("),
                            Pattern.compile("\\bThread\\s*\\.\\s*\\w+"),
                            Pattern.compile("\\bSystem\\s*\\.\\s*(?:nanoTime|currentTimeMillis)\\b"),
                            Pattern.compile("\\b(?:Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime)"
                                    + "\\s*\\.\\s*now\\b"),
                            Pattern.compile("\\bMath\\s*\\.\\s*random\\b"),
                            Pattern.compile("\\b(?:synchronized|volatile)\\b")),
                    "the core is a sans-IO state machine: time and randomness are passed in, and the runtime does"
                            + " all I/O and threading"),
            Layer.module("the API", "pekonode-api", API, List.of(API), List.of(),
                    "the API is what every module builds on; it depends on nothing"),
            Layer.module("the json codec plugin", "pekonode-codec-json", "io.pekonode.codec.json",
                    List.of(API, "io.pekonode.codec.json"), List.of("com.fasterxml.jackson.core", LOG4J),
                    "a plugin sees the API only, never the engine or another plugin"),
            Layer.module("the framed stream module", "pekonode-transport-stream", "io.pekonode.transport.stream",
                    List.of(API, "io.pekonode.transport.stream"), List.of(LOG4J),
                    "the stream engine the transports share sees the API only"),
            Layer.module("the tcp transport plugin", "pekonode-transport-tcp", "io.pekonode.transport.tcp",
                    List.of(API, "io.pekonode.transport.stream", "io.pekonode.transport.tcp"), List.of(LOG4J),
                    "a transport sees the API and the shared stream module only, never the engine or another plugin"),
            Layer.module("the udp transport plugin", "pekonode-transport-udp", "io.pekonode.transport.udp",
                    List.of(API, "io.pekonode.transport.stream", "io.pekonode.transport.udp"), List.of(LOG4J),
                    "a transport sees the API and the shared stream module only, never the engine or another plugin"),
            Layer.module("the dns discovery plugin", "pekonode-discovery-dns", "io.pekonode.discovery.dns",
                    List.of(API, "io.pekonode.discovery.dns"), List.of(LOG4J),
                    "a plugin sees the API only, never the engine or another plugin"),
            Layer.module("the consensus module", "pekonode-consensus", "io.pekonode.consensus",
                    List.of(API, "io.pekonode.consensus"), List.of("io.microraft", LOG4J),
                    "the consensus module builds on the API only (any Cluster works), never on the engine"),
            Layer.module("the etcd discovery plugin", "pekonode-discovery-etcd", "io.pekonode.discovery.etcd",
                    List.of(API, "io.pekonode.discovery.etcd"), List.of("com.fasterxml.jackson", LOG4J),
                    "a plugin sees the API only, never the engine or another plugin"));

    private static final String TESTKIT = "io.pekonode.testkit";

    @Test
    void everyLayerKeepsToWhatItMayUse() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path module : modules()) {
            String moduleName = module.getFileName().toString();
            for (Path file : mainSources(module)) {
                JavaSource source = JavaSource.read(file);
                String where = root().relativize(file).toString();
                String packageName = packageOf(module, file);
                for (JavaSource.Reference reference : source.references()) {
                    if (reference.name().startsWith(TESTKIT + ".") && !moduleName.equals("pekonode-testkit")) {
                        violations.add(where + ":" + reference.line() + " " + reference.describe()
                                + ": main code never uses the test kit, which is for tests only");
                    }
                }
                for (Layer layer : LAYERS) {
                    if (layer.covers(moduleName, packageName)) {
                        violations.addAll(check(layer, source, where));
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            fail(violations.size() + " layering violation(s):\n" + String.join("\n", violations));
        }
    }

    @Test
    void everyModuleHasALayer() throws IOException {
        Set<String> layered = LAYERS.stream().map(Layer::module).collect(Collectors.toCollection(TreeSet::new));
        List<String> unplaced = modules().stream().map(m -> m.getFileName().toString())
                .filter(m -> !layered.contains(m) && !UNLAYERED.contains(m))
                .toList();
        assertEquals(List.of(), unplaced, "modules with main code but no layer in " + getClass().getSimpleName());
    }

    /** The rules must see code: a wrong path would make every check pass on nothing. */
    @Test
    void theRulesSeeTheCodeTheyGuard() throws IOException {
        for (Layer layer : LAYERS) {
            Path module = root().resolve(layer.module());
            long files = mainSources(module).stream().filter(f -> layer.covers(layer.module(), packageOf(module, f))).count();
            assertTrue(files > 0, layer.name() + " covers no source file under " + module);
        }
    }

    private static List<String> check(Layer layer, JavaSource source, String where) {
        List<String> violations = new ArrayList<>();
        for (JavaSource.Reference reference : source.references()) {
            Optional<String> broken = layer.judge(reference.name());
            broken.ifPresent(reason -> violations.add(where + ":" + reference.line() + " " + reference.describe()
                    + ": " + reason + "; " + layer.why()));
        }
        for (JavaSource.Reference code : layer.deniedCode(source)) {
            violations.add(where + ":" + code.line() + " uses '" + code.name() + "': " + layer.name()
                    + " may not touch threads, clocks, sleeps or randomness of its own; " + layer.why());
        }
        return violations;
    }

    /** The repository root: surefire runs this module's tests in pekonode-it. */
    private static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isDirectory(root.resolve("pekonode-api/src/main/java"))) {
            throw new IllegalStateException("run from pekonode-it inside the repository; no sources above "
                    + Path.of("").toAbsolutePath());
        }
        return root;
    }

    private static List<Path> modules() throws IOException {
        try (Stream<Path> children = Files.list(root())) {
            return children.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).sorted().toList();
        }
    }

    private static List<Path> mainSources(Path module) throws IOException {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java"))
                    .sorted()
                    .toList();
        }
    }

    private static String packageOf(Path module, Path file) {
        Path relative = module.resolve("src/main/java").relativize(file.getParent());
        return relative.toString().replace(java.io.File.separatorChar, '.');
    }
}
