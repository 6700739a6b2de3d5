package io.pekonode.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's shared libraries that native executables link against, copied into an image root at
 * the same absolute paths so that the executables run in a {@code FROM scratch} image. glibc Linux
 * hosts only (that is where {@code ldd} exists).
 */
public final class SharedLibraries {

    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern RESOLVED = Pattern.compile("=>\\s*(/\\S+)\\s*\\(");
    private static final Pattern DIRECT = Pattern.compile("^\\s*(/\\S+)\\s*\\(");

    private SharedLibraries() {
    }

    public static boolean lddAvailable() {
        try {
            return Processes.run(null, 30, List.of("ldd", "--version")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every library (absolute host path) the given ELF files need, as {@code ldd} resolves them. */
    public static Set<Path> neededBy(Collection<Path> elfFiles) throws IOException {
        Set<Path> libs = new TreeSet<>();
        for (Path file : elfFiles) {
            Processes.Result result = Processes.run(null, 30, List.of("ldd", file.toString()));
            if (result.exitCode() != 0) {
                continue; // "not a dynamic executable": nothing to copy
            }
            for (String line : result.output().split("\n")) {
                if (line.contains("not found")) {
                    continue; // optional native parts that a headless agent never loads
                }
                Matcher m = RESOLVED.matcher(line);
                if (!m.find()) {
                    m = DIRECT.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                }
                libs.add(Path.of(m.group(1)));
            }
        }
        return libs;
    }

    /**
     * Copies each library's content (symlinks followed) to the same absolute path under {@code root}.
     * Libraries already inside {@code root} (found through $ORIGIN) are skipped.
     */
    public static void copyInto(Path root, Collection<Path> libs) throws IOException {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        for (Path lib : libs) {
            if (lib.toAbsolutePath().normalize().startsWith(normalizedRoot)) {
                continue;
            }
            Path target = root.resolve(lib.toString().substring(1));
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.copy(lib, target);
        }
    }
}
