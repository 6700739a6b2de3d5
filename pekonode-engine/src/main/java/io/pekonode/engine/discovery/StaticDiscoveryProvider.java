package io.pekonode.engine.discovery;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code static:HOST:PORT,HOST:PORT}: a fixed list, the same seeds {@code --join} gives, as a
 * discovery source. Built into the engine rather than shipped as a plugin module because the engine
 * already owns the static seed list (the config's seeds, needed with no discovery at all); a module
 * of its own would add a jar to every deployment for a few lines of parsing.
 */
public final class StaticDiscoveryProvider implements DiscoveryProvider {

    @Override
    public String scheme() {
        return "static";
    }

    @Override
    public Discovery create(DiscoveryTarget target) {
        target.allowOnly(Set.of());
        List<NodeAddress> addresses = new ArrayList<>();
        for (String part : target.body().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                addresses.add(NodeAddress.parse(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("discovery source '" + target.text() + "': " + e.getMessage()
                        + "; expected static:HOST:PORT[,HOST:PORT...]", e);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("discovery source '" + target.text()
                    + "' lists no address; expected static:HOST:PORT[,HOST:PORT...]");
        }
        DiscoveredSeeds seeds = DiscoveredSeeds.of(addresses);
        return new Discovery() {
            @Override
            public DiscoveredSeeds seeds() {
                return seeds;
            }

            @Override
            public void close() {
            }
        };
    }
}
