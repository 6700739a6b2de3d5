package io.pekonode.it.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Docker image every node container runs, built by the test run from the build output and
 * needing no registry. Two layers: a base image with a Java runtime (built once per JDK and kept
 * for later runs), and a per-run image that adds the agent's module path.
 *
 * <p>By default the base is {@code FROM scratch} with a jlinked runtime and the host libraries it
 * needs; {@code -Dpekonode.it.baseImage=eclipse-temurin:17-jre} uses a (pulled) JRE image instead.
 */
public final class NodeImage implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(NodeImage.class);

    /** Bump when the base image's layout changes, so old cached bases are not reused. */
    private static final String BASE_RECIPE = "scratch-jlink-3";
    private static final String ROLE_LABEL = "io.pekonode.it.role";
    private static final String LIB_DIR = "/opt/pekonode/lib";
    private static final String MAIN = "io.pekonode.agent/io.pekonode.agent.Main";
    /** Small heaps and C1 only: five JVMs share two cores, and the agent needs no peak throughput. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m");

    private final String name;
    private final boolean iptables;
    private final String description;

    private NodeImage(String name, boolean iptables, String description) {
        this.name = name;
        this.iptables = iptables;
        this.description = description;
    }

    /** Image reference to start containers from. */
    public String name() {
        return name;
    }

    /** Whether {@code /usr/sbin/iptables} exists in the image (needed for partitions). */
    public boolean hasIptables() {
        return iptables;
    }

    @Override
    public String toString() {
        return name + " (" + description + ")";
    }

    /** Builds (or reuses) the base image and builds this run's app image. */
    public static NodeImage build(ImageSettings settings) {
        long start = System.nanoTime();
        Path lib = settings.agentLib();
        List<Path> jars = jarsIn(lib);
        DockerClient docker = DockerClientFactory.instance().client();
        removeStaleAppImages(docker);

        String base;
        String java;
        boolean iptables;
        if (settings.baseImage().isPresent()) {
            base = settings.baseImage().get();
            java = settings.javaInBaseImage();
            iptables = false;
        } else {
            if (!ScratchRootFs.supported()) {
                throw new IllegalStateException("cannot build the registry-free node image here (needs Linux with glibc, "
                        + "ldd and a JDK with jlink); run with -Dpekonode.it.baseImage=eclipse-temurin:17-jre instead");
            }
            iptables = ScratchRootFs.iptablesAvailable();
            base = scratchBase(docker, settings.workDir().resolve("base"), lib, iptables);
            java = ScratchRootFs.JAVA_HOME + "/bin/java";
        }

        String app = "pekonode-it-app:" + UUID.randomUUID().toString().substring(0, 8);
        Path context = settings.workDir().resolve("app");
        try {
            ScratchRootFs.deleteTree(context);
            Files.createDirectories(context.resolve("lib"));
            for (Path jar : jars) {
                Files.copy(jar, context.resolve("lib").resolve(jar.getFileName()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot assemble the app image context in " + context, e);
        }
        String entrypoint = Stream.concat(Stream.concat(Stream.of(java), JVM_OPTIONS.stream()),
                        Stream.of("-p", LIB_DIR, "-m", MAIN))
                .map(arg -> "\"" + arg + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        String dockerfile = "FROM " + base + "\n"
                + "COPY lib/ " + LIB_DIR + "/\n"
                + "LABEL " + ROLE_LABEL + "=app\n"
                + "ENTRYPOINT " + entrypoint + "\n";
        // deleteOnExit: Testcontainers' JVM shutdown hook removes it even if close() is never reached.
        new ImageFromDockerfile(app, true)
                .withFileFromString("Dockerfile", dockerfile)
                .withFileFromPath("lib", context.resolve("lib"))
                .get();
        NodeImage image = new NodeImage(app, iptables, "base " + base + ", " + jars.size() + " jars from " + lib);
        LOG.info("node image {} ready in {} ms", image, (System.nanoTime() - start) / 1_000_000);
        return image;
    }

    /** Removes this run's app image; the base image stays for the next run. */
    @Override
    public void close() {
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone (the shutdown hook may have run first)
        } catch (DockerException e) {
            LOG.warn("could not remove image {}: {}", name, e.getMessage());
        }
    }

    private static String scratchBase(DockerClient docker, Path context, Path lib, boolean iptables) {
        Set<String> modules = JdkModules.forModulePath(lib);
        String tag = "pekonode-it-base:" + baseHash(modules, iptables);
        try {
            docker.inspectImageCmd(tag).exec();
            LOG.info("reusing base image {}", tag);
            return tag;
        } catch (NotFoundException absent) {
            LOG.info("building base image {} with JDK modules {}", tag, modules);
        }
        try {
            ScratchRootFs.assemble(context.resolve("rootfs"), modules, iptables);
        } catch (IOException e) {
            throw new IllegalStateException("cannot assemble the base image's root file system in " + context, e);
        }
        String dockerfile = "FROM scratch\n"
                + "COPY rootfs/ /\n"
                + "LABEL " + ROLE_LABEL + "=base\n";
        // Not deleteOnExit: the base is reused by later runs until the JDK or module set changes.
        new ImageFromDockerfile(tag, false)
                .withFileFromString("Dockerfile", dockerfile)
                .withFileFromPath("rootfs", context.resolve("rootfs"))
                .get();
        return tag;
    }

    private static String baseHash(Set<String> modules, boolean iptables) {
        String identity = String.join("|", BASE_RECIPE, System.getProperty("java.home"),
                System.getProperty("java.vm.version"), System.getProperty("os.arch"),
                String.join(",", modules), Boolean.toString(iptables));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> jarsIn(Path lib) {
        String hint = "build the agent first: `mvn verify` from the repository root packages it into "
                + "pekonode-agent/target/lib (or pass -Dpekonode.it.agentLib=DIR)";
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("agent module path " + lib + " does not exist; " + hint);
        }
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            boolean hasAgent = jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("pekonode-agent"));
            if (!hasAgent) {
                throw new IllegalStateException("no pekonode-agent jar in " + lib + "; " + hint);
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + lib, e);
        }
    }

    // Ryuk is off, so a run that crashed may have left its app image behind.
    private static void removeStaleAppImages(DockerClient docker) {
        List<Image> stale = docker.listImagesCmd().withLabelFilter(Map.of(ROLE_LABEL, "app")).exec();
        for (Image image : stale) {
            try {
                docker.removeImageCmd(image.getId()).withForce(false).exec();
            } catch (DockerException e) {
                LOG.debug("stale image {} still in use: {}", image.getId(), e.getMessage());
            }
        }
    }
}
