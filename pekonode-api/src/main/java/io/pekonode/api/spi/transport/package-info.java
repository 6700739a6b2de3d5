/**
 * The transport SPI. A transport moves opaque byte arrays between nodes; it knows nothing of the
 * protocol, the codec or encryption (the engine frames, seals and decodes).
 *
 * <h2>Writing a transport plugin</h2>
 * <ol>
 *   <li>Implement {@link io.pekonode.api.spi.transport.Transport}. Its documentation is the contract:
 *       packets and reliable messages at one bound address, which methods are called concurrently,
 *       and {@code close()} after a failed {@code start()}.</li>
 *   <li>Deliver what you receive to the {@link io.pekonode.api.spi.transport.TransportListener} (its
 *       documentation says what {@code source} means and which callbacks may run concurrently), and
 *       report what you refuse or drop with a typed reason
 *       ({@link io.pekonode.api.spi.transport.RejectReason},
 *       {@link io.pekonode.api.spi.transport.SendDropReason}): the engine counts each in
 *       {@code pekonode.packets.dropped}.</li>
 *   <li>Implement {@link io.pekonode.api.spi.transport.TransportProvider} with a public no-argument
 *       constructor that does not throw, and a stable, unique, lower-case {@code name()}.</li>
 *   <li>Declare it: {@code provides io.pekonode.api.spi.transport.TransportProvider with ...;} in
 *       your {@code module-info.java}, and in
 *       {@code META-INF/services/io.pekonode.api.spi.transport.TransportProvider} for class-path users.
 *       Export nothing the engine does not need: it reaches your transport through the provider.</li>
 *   <li>Put the jar next to the engine and select it with the config's transport name.</li>
 * </ol>
 * <p>The test kit ({@code pekonode-testkit}, in test scope) turns this contract into tests: extend
 * {@code io.pekonode.testkit.transport.TransportContractTest} in the plugin's tests and return the
 * provider.
 *
 * <p>Plugins depend on {@code io.pekonode.api} only, never on the engine. A transport that needs a
 * reliable stream path may reuse the framed stream engine of {@code pekonode-transport-stream}, as
 * the {@code tcp} and {@code udp} plugins do. When the configured name matches no provider, or
 * several, the engine fails with a {@link io.pekonode.api.spi.PluginException} listing what it found,
 * the close matches of the name, and the providers that failed to load with their causes.
 */
package io.pekonode.api.spi.transport;
