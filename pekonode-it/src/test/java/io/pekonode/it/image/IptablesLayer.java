package io.pekonode.it.image;

import io.pekonode.dist.SharedLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's iptables (nft flavour) and the libraries it needs, as files for a layer on top of the
 * agent image: partitions drop packets inside the node containers. The nft flavour talks netlink to
 * the kernel's nf_tables and needs no kernel modules loaded by hand.
 */
final class IptablesLayer {

    static final String IPTABLES = "/usr/sbin/iptables";
    private static final Path HOST_IPTABLES = Path.of("/usr/sbin/xtables-nft-multi");

    private IptablesLayer() {
    }

    static boolean available() {
        if (!Files.isRegularFile(HOST_IPTABLES) || !SharedLibraries.lddAvailable()) {
            return false;
        }
        try {
            extension("libxt_standard.so");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the layer's files under {@code rootfs} (replacing what is there). */
    static void assemble(Path rootfs) throws IOException {
        deleteTree(rootfs);
        List<Path> elfFiles = new ArrayList<>();
        Path iptables = rootfs.resolve(IPTABLES.substring(1));
        Files.createDirectories(iptables.getParent());
        // A multi-call binary: it picks its personality from argv[0], hence the name.
        Files.copy(HOST_IPTABLES, iptables);
        elfFiles.add(HOST_IPTABLES);
        // "-j DROP" is an extension too: iptables loads it from its compiled-in library directory.
        Path standardTarget = extension("libxt_standard.so");
        Path copy = rootfs.resolve(standardTarget.toString().substring(1));
        Files.createDirectories(copy.getParent());
        Files.copy(standardTarget, copy);
        elfFiles.add(standardTarget);
        // The statistic match (random packet loss), where the host has it.
        try {
            Path statistic = extension("libxt_statistic.so");
            Path statisticCopy = rootfs.resolve(statistic.toString().substring(1));
            Files.copy(statistic, statisticCopy);
            elfFiles.add(statistic);
        } catch (IOException absent) {
            // loss faults are then unavailable; plain partitions still work
        }
        SharedLibraries.copyInto(rootfs, SharedLibraries.neededBy(elfFiles));
        // iptables takes its lock under /run.
        Files.createDirectories(rootfs.resolve("run"));
    }

    /** Finds one of iptables' extension libraries under /usr/lib* (e.g. /usr/lib/x86_64-linux-gnu/xtables). */
    private static Path extension(String name) throws IOException {
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

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
