package io.pekonode.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;

/**
 * Links the distribution's Java runtime with {@code jlink}: only the given JDK modules, no debug
 * data, compressed class files (start-up reads classes from the class data sharing archive instead),
 * and none of the native AWT libraries that java.desktop brings (log4j-core requires that module for
 * a few java.beans types; a headless agent never loads its native parts).
 *
 * <p>Linking takes 15 to 30 s, so a runtime that was linked from the same JDK with the same modules
 * is kept: rebuilding after a source change then costs only the jars.
 */
final class RuntimeLinker {

    private static final String STAMP = "release.pekonode";
    static final List<String> EXCLUDED_NATIVE_LIBRARIES = List.of("libawt.so", "libawt_xawt.so", "libawt_headless.so",
            "libmlib_image.so", "libfontmanager.so", "libjavajpeg.so", "liblcms.so", "libsplashscreen.so", "libjsound.so");

    private RuntimeLinker() {
    }

    /**
     * @param jdk the JDK whose modules are linked (its jmods, or its own runtime image from JDK 24 on)
     * @return true when it linked, false when the runtime already there was reused
     */
    static boolean link(Path jdk, Set<String> modules, Path output) throws IOException {
        String identity = "jdk=" + jdk.toRealPath() + "\nrelease=" + release(jdk) + "\nmodules=" + String.join(",", modules) + "\n";
        Path stamp = output.resolve(STAMP);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(identity)) {
            return false;
        }
        Files.deleteIfExists(stamp);
        Trees.delete(output);
        Files.createDirectories(output.getParent());
        List<String> args = new ArrayList<>(List.of(
                "--add-modules", String.join(",", modules),
                "--output", output.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress=2",
                "--exclude-files=" + String.join(",", EXCLUDED_NATIVE_LIBRARIES.stream().map(l -> "**/" + l).toList())));
        Path jmods = jdk.resolve("jmods");
        if (Files.isDirectory(jmods)) {
            args.addAll(List.of("--module-path", jmods.toString()));
        }
        Path ownJlink = jdk.resolve("bin/jlink");
        boolean sameJdk = jdk.toRealPath().equals(Path.of(System.getProperty("java.home")).toRealPath());
        if (sameJdk) {
            if (!Files.isDirectory(jmods) && Runtime.version().feature() < 24) {
                throw new IllegalStateException("no " + jmods + ": this JDK cannot link a runtime. Install its jmods "
                        + "(Debian: openjdk-17-jdk-headless) or point -Dpekonode.runtime.jdk at a JDK that has them");
            }
            runInProcess(args);
        } else {
            // Another JDK's runtime: its own jlink, so the linked image matches that JDK's version.
            List<String> command = new ArrayList<>(List.of(ownJlink.toString()));
            command.addAll(args);
            Processes.check(null, 300, command);
        }
        Files.writeString(stamp, identity);
        return true;
    }

    static String release(Path jdk) throws IOException {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "unknown";
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=") || line.startsWith("JAVA_VERSION=")) {
                return line.substring(line.indexOf('=') + 1).replace("\"", "");
            }
        }
        return "unknown";
    }

    /** The feature version (17, 25...) of the JDK at {@code jdk}. */
    static int feature(Path jdk) throws IOException {
        String version = release(jdk);
        String digits = version.split("[^0-9]", 2)[0];
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static void runInProcess(List<String> args) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jlink; build with a full JDK"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            int code = jlink.run(out, out, args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("jlink " + String.join(" ", args) + " failed with exit code " + code
                        + ":\n" + log.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
