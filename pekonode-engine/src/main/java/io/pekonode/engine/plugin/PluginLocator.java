package io.pekonode.engine.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds transport and codec providers with {@link ServiceLoader} and selects one by name.
 *
 * <p>Selection is strict, after SLF4J 2 and the JUnit platform: exactly one provider must answer to
 * the name. None gives a {@link PluginNotFoundException} listing every provider found (name, class,
 * module or jar) and the jar to add; several give a {@link DuplicatePluginException} naming all of
 * them. There is no "first one wins", because which one is first depends on jar order.
 *
 * <p>Where it looks: in the given {@link ModuleLayer} and its parents (plugins loaded into a layer at
 * run time), and through the given {@link ClassLoader} (named modules of the boot layer plus
 * {@code META-INF/services} entries on the class path). A provider class reached both ways counts once.
 */
public final class PluginLocator {

    private static final Logger LOG = LogManager.getLogger(PluginLocator.class);

    private final ModuleLayer layer;
    private final ClassLoader classLoader;

    private PluginLocator(ModuleLayer layer, ClassLoader classLoader) {
        this.layer = layer;
        this.classLoader = classLoader;
    }

    /** Looks in the boot layer and on the class path of the engine's class loader. */
    public static PluginLocator standard() {
        return new PluginLocator(null, PluginLocator.class.getClassLoader());
    }

    /** Looks in {@code layer} and its parents, and through {@code classLoader} when not null. */
    public static PluginLocator of(ModuleLayer layer, ClassLoader classLoader) {
        return new PluginLocator(layer, classLoader);
    }

    /** Every provider of a kind that could be instantiated; broken ones are logged and skipped. */
    public <P> List<FoundProvider<P>> findAll(PluginKind<P> kind) {
        Map<Class<?>, FoundProvider<P>> byClass = new java.util.LinkedHashMap<>();
        if (layer != null) {
            collect(kind, ServiceLoader.load(layer, kind.type()), byClass);
        }
        if (classLoader != null || layer == null) {
            collect(kind, ServiceLoader.load(kind.type(), classLoader), byClass);
        }
        return List.copyOf(byClass.values());
    }

    /**
     * The one provider named {@code name}. Providers passed explicitly (by the application, through
     * {@code PekoNode.builder}) are a deliberate choice: when one of them has the name it is used and
     * discovery is not consulted for that name, so wrapping a discovered plugin is possible.
     */
    public <P> P select(PluginKind<P> kind, String name, List<P> explicit) {
        List<FoundProvider<P>> given = new ArrayList<>();
        Map<P, Boolean> seen = new IdentityHashMap<>();
        for (P p : explicit) {
            if (seen.put(p, Boolean.TRUE) == null) {
                given.add(new FoundProvider<>(kind.nameOf(p), p));
            }
        }
        if (given.stream().anyMatch(f -> f.name().equals(name))) {
            return choose(kind, name, given);
        }
        List<FoundProvider<P>> candidates = new ArrayList<>(given);
        candidates.addAll(findAll(kind));
        return choose(kind, name, candidates);
    }

    /** The selection rule on its own, for callers that gathered candidates themselves. */
    public static <P> P choose(PluginKind<P> kind, String name, List<FoundProvider<P>> candidates) {
        List<FoundProvider<P>> matching = candidates.stream().filter(f -> f.name().equals(name)).toList();
        if (matching.size() == 1) {
            return matching.get(0).provider();
        }
        if (matching.isEmpty()) {
            throw new PluginNotFoundException(missingMessage(kind, name, candidates));
        }
        throw new DuplicatePluginException("Found " + matching.size() + " " + kind.label() + " providers named '"
                + name + "': " + describeAll(matching) + ". Exactly one must provide a name; remove the extra jar.");
    }

    static <P> String missingMessage(PluginKind<P> kind, String name, List<FoundProvider<P>> found) {
        String list = found.isEmpty() ? "none" : describeAll(found);
        return "No " + kind.label() + " provider named '" + name + "' was found. Providers found: " + list + ". "
                + kind.jarAdvice(name);
    }

    private static <P> String describeAll(List<FoundProvider<P>> providers) {
        return providers.stream().map(FoundProvider::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static <P> void collect(PluginKind<P> kind, ServiceLoader<P> loader, Map<Class<?>, FoundProvider<P>> into) {
        var it = loader.iterator();
        while (true) {
            P provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                // One broken plugin jar must not hide the others; it is reported and skipped.
                LOG.warn("Skipping a {} provider that failed to load: {}", kind.label(), e.getMessage());
                continue;
            }
            String name;
            try {
                name = Optional.ofNullable(kind.nameOf(provider)).orElse("");
            } catch (RuntimeException e) {
                LOG.warn("Skipping {} provider {}: name() threw {}", kind.label(), provider.getClass().getName(), e.toString());
                continue;
            }
            into.putIfAbsent(provider.getClass(), new FoundProvider<>(name, provider));
        }
    }

    /** For diagnostics: the names found, sorted. */
    public <P> List<String> names(PluginKind<P> kind) {
        List<String> names = new ArrayList<>(findAll(kind).stream().map(FoundProvider::name).toList());
        Collections.sort(names);
        return names;
    }
}
