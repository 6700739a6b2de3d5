package io.pekonode.dist;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Which JDK modules the linked runtime needs, derived from the agent's module path so that a new
 * dependency brings its JDK modules along by itself:
 * <ul>
 *   <li>explicit modules: what their descriptors require, resolved as the launcher would;</li>
 *   <li>automatic modules (no descriptor, e.g. Micrometer): the JDK modules their classes reference,
 *       as {@code jdeps} reports them;</li>
 *   <li>plus {@link #OPTIONAL}: modules that libraries use only when present, found by reflection.</li>
 * </ul>
 */
final class RuntimeModules {

    /**
     * Used when present, found by reflection: Guava, Jackson and log4j take sun.misc.Unsafe fast paths
     * from jdk.unsupported; without java.naming log4j-core warns on every start that its JNDI lookup
     * is unavailable (the lookup itself stays off, as log4j ships it).
     */
    static final List<String> OPTIONAL = List.of("jdk.unsupported", "java.naming");

    private RuntimeModules() {
    }

    static Set<String> forModulePath(Path modulePath) {
        ModuleFinder appModules = ModuleFinder.of(modulePath);
        Set<ModuleReference> all = appModules.findAll();
        Set<String> roots = all.stream().map(ref -> ref.descriptor().name()).collect(Collectors.toSet());
        ModuleFinder system = ModuleFinder.ofSystem();
        Configuration resolved;
        try {
            // System modules first, as the launcher does: a jar cannot shadow a JDK module.
            resolved = Configuration.empty().resolve(ModuleFinder.compose(system, appModules), ModuleFinder.of(), roots);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the module path " + modulePath + " does not resolve: " + e.getMessage(), e);
        }
        Set<String> jdk = new TreeSet<>(OPTIONAL);
        for (ResolvedModule module : resolved.modules()) {
            boolean fromJdk = module.reference().location().map(uri -> "jrt".equals(uri.getScheme())).orElse(false);
            if (fromJdk) {
                jdk.add(module.name());
            }
        }
        List<Path> automatic = new ArrayList<>();
        for (ModuleReference ref : all) {
            ModuleDescriptor descriptor = ref.descriptor();
            if (descriptor.isAutomatic() && ref.location().isPresent()) {
                automatic.add(Path.of(ref.location().get()));
            }
        }
        jdk.addAll(referencedByClasses(automatic));
        jdk.removeIf(name -> system.find(name).isEmpty());
        return jdk;
    }

    /** {@code jdeps --print-module-deps} of the given jars: the JDK modules their classes use. */
    static Set<String> referencedByClasses(List<Path> jars) {
        if (jars.isEmpty()) {
            return Set.of();
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps; build with a full JDK"));
        List<String> args = new ArrayList<>(List.of("--multi-release", Integer.toString(Runtime.version().feature()),
                "--ignore-missing-deps", "--print-module-deps"));
        jars.forEach(jar -> args.add(jar.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = jdeps.run(o, e, args.toArray(String[]::new));
        }
        if (code != 0) {
            throw new IllegalStateException("jdeps " + String.join(" ", args) + " failed (" + code + "): "
                    + err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        Set<String> modules = new TreeSet<>();
        for (String name : last.split(",")) {
            if (!name.isBlank()) {
                modules.add(name.strip());
            }
        }
        return modules;
    }
}
