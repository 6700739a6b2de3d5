package io.pekonode.it.modules;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds one of our artifacts on the test's class or module path. Maven puts either the packaged jar
 * ({@code pekonode-api-0.1.0-SNAPSHOT.jar}, from ~/.m2 or, in a reactor build that ran
 * {@code package}, from {@code target*}) or, in a reactor build that stopped before {@code package},
 * the module's {@code target*\/classes} directory. Both hold the compiled module descriptor.
 */
final class ArtifactLocator {

    /** Surefire's own record of the test class path, set even when it launches through a manifest-only jar. */
    private static final List<String> PATH_PROPERTIES = List.of("surefire.test.class.path", "java.class.path",
            "jdk.module.path");
    private static final Set<String> CLASSIFIERS = Set.of("-tests.jar", "-sources.jar", "-javadoc.jar", "-test-sources.jar");

    private ArtifactLocator() {
    }

    static Path locate(String artifactId) {
        Set<Path> entries = pathEntries();
        Pattern jarName = Pattern.compile(Pattern.quote(artifactId) + "-\\d.*\\.jar");
        List<Path> matches = entries.stream()
                .filter(p -> isJar(p, jarName) || isClassesDirectory(p, artifactId))
                .collect(Collectors.toList());
        if (matches.size() != 1) {
            throw new AssertionError((matches.isEmpty() ? "no " : "several ") + artifactId
                    + " jars or classes directories on the test class path " + matches
                    + "; pekonode-it must depend on it (directly or through pekonode-agent). Class path: " + entries);
        }
        return matches.get(0);
    }

    private static boolean isJar(Path path, Pattern jarName) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return jarName.matcher(name).matches() && CLASSIFIERS.stream().noneMatch(name::endsWith)
                && Files.isRegularFile(path);
    }

    /** {@code .../<artifactId>/target<suffix>/classes}. */
    private static boolean isClassesDirectory(Path path, String artifactId) {
        Path target = path.getParent();
        Path module = target == null ? null : target.getParent();
        return path.getFileName() != null && path.getFileName().toString().equals("classes")
                && target.getFileName().toString().startsWith("target")
                && module != null && module.getFileName() != null
                && module.getFileName().toString().equals(artifactId)
                && Files.isDirectory(path);
    }

    private static Set<Path> pathEntries() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String property : PATH_PROPERTIES) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry).toAbsolutePath().normalize());
                }
            }
        }
        return entries;
    }
}
