package io.pekonode.engine.plugin;

import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.transport.TransportProvider;
import java.util.Map;
import java.util.function.Function;

/**
 * The plugin families, with what the error messages need to know about each: how to name them,
 * how to read a provider's name, and which of the names are ours (shipped as {@code pekonode-<kind>-<name>}).
 */
public final class PluginKind<P> {

    public static final PluginKind<TransportProvider> TRANSPORT = new PluginKind<>(
            "transport", TransportProvider.class, TransportProvider::name,
            Map.of("udp", "pekonode-transport-udp", "tcp", "pekonode-transport-tcp"));
    public static final PluginKind<CodecProvider> CODEC = new PluginKind<>(
            "codec", CodecProvider.class, CodecProvider::name, Map.of("json", "pekonode-codec-json"));
    /** Selected by a discovery URI's scheme; {@code static} is built into the engine. */
    public static final PluginKind<DiscoveryProvider> DISCOVERY = new PluginKind<>(
            "discovery", DiscoveryProvider.class, DiscoveryProvider::scheme,
            Map.of("dns", "pekonode-discovery-dns", "dns+srv", "pekonode-discovery-dns", "etcd", "pekonode-discovery-etcd"));

    private final String label;
    private final Class<P> type;
    private final Function<P, String> nameOf;
    /** Our own names and the artifact that provides each. */
    private final Map<String, String> bundledJars;

    private PluginKind(String label, Class<P> type, Function<P, String> nameOf, Map<String, String> bundledJars) {
        this.label = label;
        this.type = type;
        this.nameOf = nameOf;
        this.bundledJars = bundledJars;
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
        String jar = bundledJars.get(name);
        if (jar != null) {
            return "Add " + jar + ".jar to the module path (or class path).";
        }
        return "Add the jar of the plugin that provides the " + label + " '" + name
                + "' to the module path (or class path), or check the spelling.";
    }
}
