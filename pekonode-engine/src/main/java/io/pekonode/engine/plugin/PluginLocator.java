package io.pekonode.engine.plugin;

import io.pekonode.api.spi.DuplicatePluginException;
import io.pekonode.api.spi.PluginNotFoundException;
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
 * module or jar), the found names close to the requested one (another case, a typo), every provider
 * that failed to load with its cause, and the jar to add; several give a
 * {@link DuplicatePluginException} naming all of them. There is no "first one wins", because which
 * one is first depends on jar order. Both exceptions are in the API ({@code io.pekonode.api.spi}),
 * so applications can catch them by type.
 *
 * <p>A provider that fails to load (its constructor throws, its class is missing) does not hide the
 * others: it is skipped, logged, and named in the not-found message, since it may be the very
 * provider that was asked for.
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

    /** A provider that could not be loaded: a line for the error message, and the error itself. */
    record LoadFailure(String description, Throwable error) {
    }

    /** What discovery found for a kind: the providers that loaded, and those that did not. */
    record Discovery<P>(List<FoundProvider<P>> providers, List<LoadFailure> failures) {
    }

    /** Every provider of a kind that could be instantiated; broken ones are logged and skipped. */
    public <P> List<FoundProvider<P>> findAll(PluginKind<P> kind) {
        return discover(kind).providers();
    }

    <P> Discovery<P> discover(PluginKind<P> kind) {
        Map<Class<?>, FoundProvider<P>> byClass = new java.util.LinkedHashMap<>();
        List<LoadFailure> failures = new ArrayList<>();
        if (layer != null) {
            collect(kind, ServiceLoader.load(layer, kind.type()), byClass, failures);
        }
        if (classLoader != null || layer == null) {
            collect(kind, ServiceLoader.load(kind.type(), classLoader), byClass, failures);
        }
        return new Discovery<>(List.copyOf(byClass.values()), distinct(failures));
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
        Discovery<P> discovered = discover(kind);
        List<FoundProvider<P>> candidates = new ArrayList<>(given);
        candidates.addAll(discovered.providers());
        return choose(kind, name, candidates, discovered.failures());
    }

    /** The selection rule on its own, for callers that gathered candidates themselves. */
    public static <P> P choose(PluginKind<P> kind, String name, List<FoundProvider<P>> candidates) {
        return choose(kind, name, candidates, List.of());
    }

    static <P> P choose(PluginKind<P> kind, String name, List<FoundProvider<P>> candidates,
                        List<LoadFailure> failures) {
        List<FoundProvider<P>> matching = candidates.stream().filter(f -> f.name().equals(name)).toList();
        if (matching.size() == 1) {
            return matching.get(0).provider();
        }
        if (matching.isEmpty()) {
            throw notFound(kind, name, candidates, failures);
        }
        throw new DuplicatePluginException(kind.label(), name, "Found " + matching.size() + " " + kind.label()
                + " providers named '" + name + "': " + describeAll(matching)
                + ". Exactly one must provide a name; remove the extra jar.",
                matching.stream().map(FoundProvider::describe).toList());
    }

    private static <P> PluginNotFoundException notFound(PluginKind<P> kind, String name, List<FoundProvider<P>> found,
                                                        List<LoadFailure> failures) {
        List<String> suggestions = NameMatcher.closeTo(name, found.stream().map(FoundProvider::name).toList());
        List<String> failureLines = failures.stream().map(LoadFailure::description).toList();
        StringBuilder message = new StringBuilder("No " + kind.label() + " provider named '" + name + "' was found.");
        if (!suggestions.isEmpty()) {
            message.append(" Did you mean ").append(suggestions.stream().map(s -> "'" + s + "'")
                    .collect(Collectors.joining(" or "))).append("? Names are case-sensitive.");
        }
        message.append(" Providers found: ").append(found.isEmpty() ? "none" : describeAll(found)).append('.');
        if (!failureLines.isEmpty()) {
            message.append(" Providers that failed to load: ").append(String.join("; ", failureLines))
                    .append(". One of them may be the '").append(name).append("' ").append(kind.label())
                    .append(": fix the cause shown.");
        }
        message.append(' ').append(kind.jarAdvice(name));
        PluginNotFoundException e = new PluginNotFoundException(kind.label(), name, message.toString(), suggestions,
                failureLines);
        if (!failures.isEmpty()) {
            e.initCause(failures.get(0).error());
            failures.subList(1, failures.size()).forEach(f -> e.addSuppressed(f.error()));
        }
        return e;
    }

    private static <P> String describeAll(List<FoundProvider<P>> providers) {
        return providers.stream().map(FoundProvider::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static <P> void collect(PluginKind<P> kind, ServiceLoader<P> loader, Map<Class<?>, FoundProvider<P>> into,
                                    List<LoadFailure> failures) {
        var it = loader.iterator();
        while (true) {
            P provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                // One broken plugin jar must not hide the others: skipped here, named if the lookup fails.
                LoadFailure failure = new LoadFailure(describe(kind, e), e);
                LOG.warn("Skipping a {} provider that failed to load: {}", kind.label(), failure.description());
                failures.add(failure);
                continue;
            }
            String name;
            try {
                name = Optional.ofNullable(kind.nameOf(provider)).orElse("");
            } catch (RuntimeException e) {
                LoadFailure failure = new LoadFailure("Provider " + provider.getClass().getName() + " in "
                        + FoundProvider.origin(provider.getClass()) + ": name() threw " + causes(e), e);
                LOG.warn("Skipping a {} provider: {}", kind.label(), failure.description());
                failures.add(failure);
                continue;
            }
            into.putIfAbsent(provider.getClass(), new FoundProvider<>(name, provider));
        }
    }

    /**
     * The JDK's words without the service name it prefixes ("Provider x.Y could not be
     * instantiated"), then the chain of causes, where the real reason is.
     */
    private static String describe(PluginKind<?> kind, ServiceConfigurationError e) {
        String text = String.valueOf(e.getMessage());
        String prefix = kind.type().getName() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return e.getCause() == null ? text : text + ": " + causes(e.getCause());
    }

    private static String causes(Throwable first) {
        List<String> chain = new ArrayList<>();
        for (Throwable t = first; t != null && chain.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            chain.add(t.toString());
        }
        return String.join(", caused by ", chain);
    }

    /** The same broken provider seen through the layer and the class loader counts once. */
    private static List<LoadFailure> distinct(List<LoadFailure> failures) {
        Map<String, LoadFailure> byText = new java.util.LinkedHashMap<>();
        failures.forEach(f -> byText.putIfAbsent(f.description(), f));
        return List.copyOf(byText.values());
    }

    /** For diagnostics: the names found, sorted. */
    public <P> List<String> names(PluginKind<P> kind) {
        List<String> names = new ArrayList<>(findAll(kind).stream().map(FoundProvider::name).toList());
        Collections.sort(names);
        return names;
    }
}
