package io.pekonode.engine.plugin;

import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.transport.TransportProvider;
import java.util.Set;
import java.util.function.Function;

/**
 * The two plugin families, with what the error messages need to know about each: how to name them,
 * how to read a provider's name, and which of the names are ours (shipped as {@code pekonode-<kind>-<name>}).
 */
public final class PluginKind<P> {

    public static final PluginKind<TransportProvider> TRANSPORT = new PluginKind<>(
            "transport", TransportProvider.class, TransportProvider::name, Set.of("udp", "tcp"));
    public static final PluginKind<CodecProvider> CODEC = new PluginKind<>(
            "codec", CodecProvider.class, CodecProvider::name, Set.of("json"));

    private final String label;
    private final Class<P> type;
    private final Function<P, String> nameOf;
    private final Set<String> bundledNames;

    private PluginKind(String label, Class<P> type, Function<P, String> nameOf, Set<String> bundledNames) {
        this.label = label;
        this.type = type;
        this.nameOf = nameOf;
        this.bundledNames = bundledNames;
    }

    public String label() {
        return label;
    }

    public Class<P> type() {
        return type;
    }

    public String nameOf(P provider) {
        return nameOf.apply(provider);
    }

    /** The advice for a missing name: our own jar for our names, the vendor's jar otherwise. */
    String jarAdvice(String name) {
        if (bundledNames.contains(name)) {
            return "Add pekonode-" + label + "-" + name + ".jar to the module path (or class path).";
        }
        return "Add the jar of the plugin that provides the " + label + " '" + name
                + "' to the module path (or class path), or check the spelling.";
    }
}
