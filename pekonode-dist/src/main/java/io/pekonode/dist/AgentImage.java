package io.pekonode.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The container image {@code pekonode-agent:VERSION}, built with the local Docker engine and no
 * registry: {@code FROM scratch} plus the distribution (its linked runtime, module path and launcher),
 * the host libraries the runtime links against, and {@code /bin/sh} for the launcher and for
 * {@code --event-handler} commands. It runs as user 10001, keeps its data in the volume
 * {@value #DATA_DIR}, and its class data sharing archive is made while the image is built.
 */
final class AgentImage {

    static final String DATA_DIR = "/var/lib/pekonode";
    static final String HOME = "/opt/pekonode";
    static final int UID = 10001;
    static final int GOSSIP_PORT = 7946;
    static final int HTTP_PORT = 7947;
    static final int OPS_PORT = 7948;
    /** Every image this build makes carries it, so that replaced ones can be pruned. */
    static final String LABEL = "io.pekonode.image";

    private AgentImage() {
    }

    /** Whether this host can assemble the image: glibc Linux with ldd and a POSIX shell to copy. */
    static boolean hostSupported() {
        return System.getProperty("os.name", "").toLowerCase().contains("linux") && SharedLibraries.lddAvailable()
                && Files.isRegularFile(Path.of("/bin/sh"));
    }

    static boolean dockerReachable() {
        try {
            return Processes.run(null, 30, List.of("docker", "info")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Assembles the build context in {@code context} and runs {@code docker build}.
     *
     * @param home     the distribution directory
     * @param skipHome paths in it that the image must not get (the archive made for the host's path)
     */
    static void build(Path home, Predicate<String> skipHome, Path context, String tag, String version) throws IOException {
        Trees.delete(context);
        Path rootfs = context.resolve("rootfs");
        Files.createDirectories(rootfs);
        Path dist = context.resolve("pekonode");
        copyDistribution(home, dist, skipHome);

        List<Path> elfFiles = new ArrayList<>();
        elfFiles.add(dist.resolve("runtime/bin/java"));
        try (Stream<Path> files = Files.walk(dist.resolve("runtime/lib"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".so")).forEach(elfFiles::add);
        }
        Path shell = Path.of("/bin/sh").toRealPath();
        elfFiles.add(shell);
        // The runtime's own libraries (found through $ORIGIN) come with it; the rest are the host's.
        Path distRoot = dist.toAbsolutePath().normalize();
        List<Path> hostLibraries = SharedLibraries.neededBy(elfFiles).stream()
                .filter(lib -> !lib.toAbsolutePath().normalize().startsWith(distRoot))
                .toList();
        SharedLibraries.copyInto(rootfs, hostLibraries);
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(shell, rootfs.resolve("bin/sh"));

        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\npekonode:x:" + UID + ":" + UID + ":PekoNode agent:" + DATA_DIR + ":/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\npekonode:x:" + UID + ":\n");
        Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(context.resolve("data"));

        Files.writeString(context.resolve("Dockerfile"), dockerfile(version), StandardCharsets.UTF_8);
        // The runtime's layer is cached by Docker while the JDK and the module set stay the same.
        Processes.check(context, 600, List.of("docker", "build", "--quiet", "--tag", tag, "."));
        // The image this tag pointed to before is now untagged: remove it (and only such images).
        Processes.run(null, 60, List.of("docker", "image", "prune", "--force", "--filter", "label=" + LABEL + "=agent"));
    }

    static String dockerfile(String version) {
        // The API stays on the container's loopback (docker exec ... pekonode members); health checks and
        // /metrics, which need no token, listen on every address.
        String cmd = "[\"agent\", \"--bind\", \"0.0.0.0:" + GOSSIP_PORT + "\", \"--ops-http\", \"0.0.0.0:" + OPS_PORT
                + "\", \"--data-dir\", \"" + DATA_DIR + "\"]";
        return String.join("\n",
                "FROM scratch",
                "COPY rootfs/ /",
                "COPY --chown=" + UID + ":" + UID + " data/ " + DATA_DIR + "/",
                "COPY pekonode/runtime/ " + HOME + "/runtime/",
                "COPY pekonode/bin/ " + HOME + "/bin/",
                "COPY pekonode/lib/ " + HOME + "/lib/",
                "COPY pekonode/LICENSE pekonode/README.txt " + HOME + "/",
                "# The launcher's first run makes the class data sharing archive for " + HOME + ".",
                "RUN [\"" + HOME + "/bin/pekonode\", \"--version\"]",
                "ENV PATH=" + HOME + "/bin",
                "USER " + UID + ":" + UID,
                "WORKDIR " + DATA_DIR,
                "VOLUME [\"" + DATA_DIR + "\"]",
                "# Gossip (UDP, and TCP for state exchange), the HTTP API (given --http 0.0.0.0:" + HTTP_PORT
                        + " with tokens), then health checks and /metrics.",
                "EXPOSE " + GOSSIP_PORT + "/udp " + GOSSIP_PORT + "/tcp " + HTTP_PORT + "/tcp " + OPS_PORT + "/tcp",
                "LABEL " + LABEL + "=agent \\",
                "      org.opencontainers.image.title=\"PekoNode agent\" \\",
                "      org.opencontainers.image.version=\"" + version + "\" \\",
                "      org.opencontainers.image.licenses=\"Apache-2.0\"",
                "ENTRYPOINT [\"" + HOME + "/bin/pekonode\"]",
                "CMD " + cmd,
                "");
    }

    private static void copyDistribution(Path home, Path target, Predicate<String> skip) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                String relative = home.relativize(source).toString();
                if (!relative.isEmpty() && skip.test(relative)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                if (Files.isSymbolicLink(source)) {
                    Files.createDirectories(copy.getParent());
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(source));
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
