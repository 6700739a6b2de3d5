package io.pekonode.it.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Assembles the root file system of the registry-free base image: a jlinked Java runtime at
 * {@value #JAVA_HOME}, the host libraries it links against, and iptables (for partitions) when
 * the host has the nft variant. The result is copied into a {@code FROM scratch} image.
 */
final class ScratchRootFs {

    static final String JAVA_HOME = "/opt/java";
    static final String IPTABLES = "/usr/sbin/iptables";
    // The nft flavour talks netlink to the kernel's nf_tables; it needs no kernel modules loaded by hand.
    private static final Path HOST_IPTABLES = Path.of("/usr/sbin/xtables-nft-multi");

    private ScratchRootFs() {
    }

    /** True when this host can build the scratch image (glibc Linux with ldd and a JDK with jlink). */
    static boolean supported() {
        return System.getProperty("os.name", "").toLowerCase().contains("linux")
                && ToolProvider.findFirst("jlink").isPresent()
                && SharedLibraries.lddAvailable();
    }

    static boolean iptablesAvailable() {
        if (!Files.isRegularFile(HOST_IPTABLES)) {
            return false;
        }
        try {
            iptablesExtension("libxt_standard.so");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Finds one of iptables' extension libraries under /usr/lib* (e.g. /usr/lib/x86_64-linux-gnu/xtables). */
    private static Path iptablesExtension(String name) throws IOException {
        for (String dir : List.of("/usr/lib", "/usr/lib64")) {
            Path root = Path.of(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> found = Files.find(root, 3, (p, attrs) -> p.getFileName().toString().equals(name)
                    && p.getParent().getFileName().toString().equals("xtables"))) {
                var hit = found.findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
        }
        throw new IOException("no iptables extension " + name + " under /usr/lib or /usr/lib64");
    }

    /**
     * Builds the tree under {@code rootfs} (replacing what is there).
     *
     * @param modules JDK modules to link
     */
    static void assemble(Path rootfs, Set<String> modules, boolean withIptables) throws IOException {
        deleteTree(rootfs);
        Path javaHome = rootfs.resolve(JAVA_HOME.substring(1));
        Files.createDirectories(javaHome.getParent());
        jlink(javaHome, modules);

        List<Path> elfFiles = new ArrayList<>();
        elfFiles.add(javaHome.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".so")).forEach(elfFiles::add);
        }
        if (withIptables) {
            Path iptables = rootfs.resolve(IPTABLES.substring(1));
            Files.createDirectories(iptables.getParent());
            // A multi-call binary: it picks its personality from argv[0], hence the name.
            Files.copy(HOST_IPTABLES, iptables);
            elfFiles.add(HOST_IPTABLES);
            // "-j DROP" is an extension too: iptables dlopens it from its compiled-in library directory.
            Path standardTarget = iptablesExtension("libxt_standard.so");
            Path copy = rootfs.resolve(standardTarget.toString().substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(standardTarget, copy);
            elfFiles.add(standardTarget);
        }
        SharedLibraries.copyInto(rootfs, SharedLibraries.neededBy(elfFiles));
        // The JVM writes perf data under /tmp; iptables takes its lock under /run.
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.createDirectories(rootfs.resolve("run"));
    }

    private static void jlink(Path output, Set<String> modules) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jlink; run the tests with a full JDK"));
        List<String> args = new ArrayList<>(List.of(
                "--add-modules", String.join(",", modules),
                "--output", output.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages",
                // Class data sharing: each of the cluster's JVMs starts noticeably faster on few cores.
                "--generate-cds-archive"));
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (Files.isDirectory(jmods)) {
            args.addAll(List.of("--module-path", jmods.toString()));
        } else if (Runtime.version().feature() < 24) {
            // Only JDK 24+ can link from its own runtime image; older ones need the jmods files.
            throw new IllegalStateException("no " + jmods + ": this JDK cannot jlink a runtime for the node image. Install "
                    + "the JDK's jmods (Debian: openjdk-17-jdk-headless) or run with -Dpekonode.it.baseImage=eclipse-temurin:17-jre");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            int code = jlink.run(out, out, args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("jlink " + String.join(" ", args) + " failed with exit code " + code
                        + ":\n" + log.toString(StandardCharsets.UTF_8));
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
