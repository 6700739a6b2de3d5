package io.pekonode.it.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the host's shared libraries that native executables link against into an image root, at
 * the same absolute paths, so the binaries run in a {@code FROM scratch} image. Works on glibc
 * Linux hosts only (that is where {@code ldd} exists); elsewhere use a base image.
 */
final class SharedLibraries {

    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern RESOLVED = Pattern.compile("=>\\s*(/\\S+)\\s*\\(");
    private static final Pattern DIRECT = Pattern.compile("^\\s*(/\\S+)\\s*\\(");

    private SharedLibraries() {
    }

    static boolean lddAvailable() {
        try {
            return run("ldd", "--version").exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every library (absolute host path) the given ELF files need, as {@code ldd} resolves them. */
    static Set<Path> neededBy(Collection<Path> elfFiles) throws IOException {
        Set<Path> libs = new TreeSet<>();
        for (Path file : elfFiles) {
            Result result = run("ldd", file.toString());
            // Non-zero for "not a dynamic executable" (e.g. static or script): nothing to copy.
            if (result.exitCode != 0) {
                continue;
            }
            for (String line : result.output.split("\n")) {
                if (line.contains("not found")) {
                    continue; // optional native parts (e.g. X11 for AWT) that a headless node never loads
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
     * Libraries already inside {@code root} (the runtime's own, found through $ORIGIN) are skipped.
     */
    static void copyInto(Path root, Collection<Path> libs) throws IOException {
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

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return new Result(process.exitValue(), output);
    }
}
