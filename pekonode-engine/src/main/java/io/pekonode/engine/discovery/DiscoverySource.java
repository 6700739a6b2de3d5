package io.pekonode.engine.discovery;

import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import io.pekonode.engine.plugin.PluginKind;
import io.pekonode.engine.plugin.PluginLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A configured discovery source and the plugin instance serving it.
 *
 * @param target    the source as configured (its {@code toString()} hides parameter values)
 * @param discovery the plugin's instance
 */
public record DiscoverySource(DiscoveryTarget target, Discovery discovery) {

    public DiscoverySource {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(discovery, "discovery");
    }

    /** What logs and status show: the source with credential parameters masked. */
    public String label() {
        return target.toString();
    }

    /**
     * Creates one source per configured URI, selecting each plugin by scheme with the same strict
     * rule as transports (missing or duplicate schemes fail with a message listing what was found).
     *
     * @throws io.pekonode.api.spi.PluginException   when a scheme has no provider, or several
     * @throws IllegalArgumentException when a source cannot be parsed; the ones created so far are closed
     */
    public static List<DiscoverySource> createAll(List<String> sources, int defaultPort, PluginLocator locator,
                                                  List<DiscoveryProvider> explicit) {
        List<DiscoverySource> created = new ArrayList<>();
        try {
            for (String source : sources) {
                DiscoveryTarget target = DiscoveryTarget.parse(source, defaultPort);
                DiscoveryProvider provider = locator.select(PluginKind.DISCOVERY, target.scheme(), explicit);
                created.add(new DiscoverySource(target, provider.create(target)));
            }
            return List.copyOf(created);
        } catch (RuntimeException e) {
            created.forEach(s -> s.discovery().close());
            throw e;
        }
    }
}
