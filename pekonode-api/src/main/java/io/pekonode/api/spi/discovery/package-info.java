/**
 * The seed discovery SPI: where a node finds the addresses it joins through, beside the static
 * seeds of its config. A discovery source is configured as a URI ({@code dns:peko.internal},
 * {@code dns+srv:_pekonode._udp.peko.internal}, {@code etcd://10.0.0.5:2379/pekonode}); its scheme
 * selects a {@link io.pekonode.api.spi.discovery.DiscoveryProvider} found with
 * {@link java.util.ServiceLoader}, which creates the {@link io.pekonode.api.spi.discovery.Discovery}.
 *
 * <p>The engine asks a source when the node joins, when it finds itself alone, and periodically
 * while the cluster is smaller than what the sources found (sooner when a DNS TTL runs out or an etcd
 * watch fires). It contacts at most a few of the addresses found per round. A failing source never
 * stops the node: the failure is logged once per distinct message, counted in
 * {@code pekonode.discovery.errors}, and retried with backoff.
 *
 * <h2>Writing a discovery plugin</h2>
 * Implement {@link io.pekonode.api.spi.discovery.Discovery} (blocking calls are fine: the engine calls
 * it from its own thread), and a {@link io.pekonode.api.spi.discovery.DiscoveryProvider} with a public
 * no-argument constructor and a unique lower-case {@code scheme()}; declare it with
 * {@code provides io.pekonode.api.spi.discovery.DiscoveryProvider with ...;} and in
 * {@code META-INF/services}. Depend on {@code io.pekonode.api} only. Missing or duplicate schemes fail
 * at node creation with a {@link io.pekonode.api.spi.PluginException} listing what was found.
 */
package io.pekonode.api.spi.discovery;
