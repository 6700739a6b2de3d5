package io.pekonode.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the agent distribution from the module path that Maven copied into {@code HOME/lib}:
 * links the runtime, adds the launcher, finds the classes a start loads, makes the class data
 * sharing archive through the launcher's own first run, packs the tarball and builds the image.
 *
 * <p>Run by the pekonode-dist module's build ({@code mvn package}); every argument comes from its POM.
 */
public final class DistBuilder {

    /** Made for the directory it was made in, so never shipped: the launcher makes it where it runs. */
    static final List<String> HOST_SPECIFIC = List.of("lib/pekonode.jsa", "lib/pekonode.jsa.home");

    private DistBuilder() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path home = Path.of(required(options, "home")).toAbsolutePath();
        Path sources = Path.of(required(options, "sources")).toAbsolutePath();
        Path work = Path.of(required(options, "work")).toAbsolutePath();
        String version = required(options, "version");
        Instant timestamp = parseTimestamp(required(options, "timestamp"));
        Path tarball = Path.of(required(options, "tarball")).toAbsolutePath();
        String imageMode = options.getOrDefault("image", "auto").trim().toLowerCase(Locale.ROOT);
        String imageTag = required(options, "image-tag");
        String jdkOption = options.getOrDefault("runtime-jdk", "").trim();
        Path jdk = Path.of(jdkOption.isEmpty() ? System.getProperty("java.home") : jdkOption);

        long begin = System.nanoTime();
        Set<String> modules = RuntimeModules.forModulePath(home.resolve("lib"));
        boolean linked = RuntimeLinker.link(jdk, modules, home.resolve("runtime"));
        say((linked ? "linked" : "reused") + " the Java runtime (" + RuntimeLinker.release(jdk) + ") with " + modules);

        Trees.copy(sources.resolve("bin"), home.resolve("bin"));
        Files.copy(sources.resolve("README.txt"), home.resolve("README.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(required(options, "license")), home.resolve("LICENSE"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String stale : HOST_SPECIFIC) {
            Files.deleteIfExists(home.resolve(stale));
        }

        ClassListTraining.run(home, work.resolve("training"), home.resolve("lib/pekonode.classlist"));
        // The launcher's first run makes the archive, exactly as it does after a user unpacks the tarball.
        String firstRun = Processes.check(null, 300, List.of(home.resolve("bin/pekonode").toString(), "--version"));
        if (!Files.isRegularFile(home.resolve("lib/pekonode.jsa"))) {
            throw new IOException("the launcher's first run made no class data sharing archive; it said:\n" + firstRun);
        }
        // Every file gets the release's time, so the jars' times do not depend on when they were built.
        Predicate<String> skip = HOST_SPECIFIC::contains;
        TarGz.write(home, home.getFileName().toString(), timestamp, skip, tarball);
        say("wrote " + tarball.getFileName() + " (" + Files.size(tarball) / (1024 * 1024) + " MiB) in "
                + (System.nanoTime() - begin) / 1_000_000_000 + " s");

        buildImage(imageMode, home, skip, work.resolve("image"), imageTag, version);
    }

    private static void buildImage(String mode, Path home, Predicate<String> skip, Path context, String tag, String version)
            throws IOException {
        boolean required = mode.equals("required") || (mode.equals("auto") && "true".equalsIgnoreCase(System.getenv("CI")));
        if (mode.equals("skip")) {
            return;
        }
        if (!mode.equals("auto") && !mode.equals("required")) {
            throw new IllegalArgumentException("pekonode.image must be auto, required or skip, not " + mode);
        }
        String missing = null;
        if (!AgentImage.hostSupported()) {
            missing = "this host cannot assemble it (needs Linux with glibc and ldd)";
        } else if (!AgentImage.dockerReachable()) {
            missing = "no Docker engine answers `docker info`";
        }
        if (missing != null) {
            if (required) {
                throw new IllegalStateException("the image " + tag + " must be built (pekonode.image=" + mode
                        + (mode.equals("auto") ? " with CI=true" : "") + ") but " + missing);
            }
            say("image " + tag + " not built: " + missing + " (-Dpekonode.image=skip says nothing)");
            return;
        }
        long begin = System.nanoTime();
        AgentImage.build(home, skip, context, tag, version);
        say("built image " + tag + " in " + (System.nanoTime() - begin) / 1_000_000_000 + " s");
    }

    private static Instant parseTimestamp(String text) {
        // Maven allows seconds since the epoch or ISO-8601 for project.build.outputTimestamp.
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void say(String line) {
        System.out.println("[pekonode-dist] " + line);
    }
}
