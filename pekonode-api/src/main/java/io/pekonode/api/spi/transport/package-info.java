/**
 * The transport SPI. A transport moves opaque byte arrays between nodes; it knows nothing of the
 * protocol, the codec or encryption (the engine frames, seals and decodes).
 *
 * <h2>Writing a transport plugin</h2>
 * <ol>
 *   <li>Implement {@link io.pekonode.api.spi.transport.Transport}.</li>
 *   <li>Implement {@link io.pekonode.api.spi.transport.TransportProvider} with a public no-argument
 *       constructor and a stable, unique {@code name()}.</li>
 *   <li>Declare it: {@code provides io.pekonode.api.spi.transport.TransportProvider with ...;} in
 *       your {@code module-info.java}, and in
 *       {@code META-INF/services/io.pekonode.api.spi.transport.TransportProvider} for class-path users.</li>
 *   <li>Put the jar next to the engine and select it with the config's transport name.</li>
 * </ol>
 * Plugins depend on {@code io.pekonode.api} only, never on the engine.
 */
package io.pekonode.api.spi.transport;
