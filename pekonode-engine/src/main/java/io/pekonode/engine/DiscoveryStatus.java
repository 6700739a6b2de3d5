package io.pekonode.engine;

import io.pekonode.api.NodeAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one seed discovery source found last, for operators ({@code pekonode info}, the HTTP API).
 *
 * @param source      the source, with credential parameters masked
 * @param addresses   the addresses of its last successful answer
 * @param lastAnswer  when it last answered, empty before its first answer
 * @param lastError   its current failure, empty while it works
 * @param registered  whether this node's registration is in place (sources without registration: true)
 */
public record DiscoveryStatus(String source, List<NodeAddress> addresses, Optional<Instant> lastAnswer,
                              Optional<String> lastError, boolean registered) {

    public DiscoveryStatus {
        addresses = List.copyOf(addresses);
    }
}
