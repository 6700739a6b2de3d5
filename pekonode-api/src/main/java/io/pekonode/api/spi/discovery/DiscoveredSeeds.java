package io.pekonode.api.spi.discovery;

import io.pekonode.api.NodeAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A discovery answer: the addresses found and, when the backend says so, how long they stay valid
 * (a DNS record's TTL). The engine asks again no later than that.
 *
 * @param addresses the addresses found, in the backend's order, without duplicates
 * @param validFor  how long the answer may be reused, when the backend says
 */
public record DiscoveredSeeds(List<NodeAddress> addresses, Optional<Duration> validFor) {

    public DiscoveredSeeds {
        addresses = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(addresses, "addresses")));
        Objects.requireNonNull(validFor, "validFor");
    }

    public static DiscoveredSeeds of(List<NodeAddress> addresses) {
        return new DiscoveredSeeds(addresses, Optional.empty());
    }

    public static DiscoveredSeeds of(List<NodeAddress> addresses, Duration validFor) {
        return new DiscoveredSeeds(addresses, Optional.of(validFor));
    }
}
