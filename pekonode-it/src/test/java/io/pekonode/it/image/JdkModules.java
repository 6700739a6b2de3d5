package io.pekonode.it.image;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which JDK modules the node image's runtime must contain: everything the agent's module path
 * requires from the JDK, plus modules its automatic modules and optional features use reflectively
 * (automatic modules declare no requirements, so resolution alone cannot find those).
 */
final class JdkModules {

    /**
     * Always linked. log4j-core needs java.desktop/java.rmi/java.scripting/java.compiler/java.xml;
     * micrometer's JVM meters and log4j's JMX support use java.management; Guava and Jackson use
     * sun.misc.Unsafe from jdk.unsupported when present; the agent serves HTTP with jdk.httpserver.
     */
    private static final List<String> BASELINE = List.of(
            "java.base", "java.logging", "java.management", "java.naming", "java.desktop", "java.rmi",
            "java.compiler", "java.scripting", "java.xml", "java.sql", "jdk.unsupported", "jdk.httpserver");

    private JdkModules() {
    }

    /** The baseline plus every JDK module reached by resolving all modules in {@code modulePath}. */
    static Set<String> forModulePath(Path modulePath) {
        ModuleFinder appModules = ModuleFinder.of(modulePath);
        Set<String> roots = appModules.findAll().stream()
                .map(ref -> ref.descriptor().name())
                .collect(Collectors.toSet());
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> jdk = new TreeSet<>(BASELINE);
        Configuration resolved;
        try {
            // System modules first, as the launcher does: a jar cannot shadow a JDK module.
            resolved = Configuration.empty().resolve(ModuleFinder.compose(system, appModules), ModuleFinder.of(), roots);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the agent's module path " + modulePath
                    + " does not resolve, so no runtime can be linked for it: " + e.getMessage(), e);
        }
        for (ResolvedModule module : resolved.modules()) {
            ModuleReference ref = module.reference();
            boolean fromJdk = ref.location().map(uri -> "jrt".equals(uri.getScheme())).orElse(false);
            if (fromJdk) {
                jdk.add(module.name());
            }
        }
        jdk.removeIf(name -> system.find(name).isEmpty());
        return jdk;
    }
}
