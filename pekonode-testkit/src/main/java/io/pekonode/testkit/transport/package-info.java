/**
 * The transport conformance suite: {@link io.pekonode.testkit.transport.TransportContractTest} turns
 * the contract of {@link io.pekonode.api.spi.transport.Transport} and
 * {@link io.pekonode.api.spi.transport.TransportListener} into JUnit tests that a transport plugin
 * runs against itself. Add {@code pekonode-testkit} to the plugin in test scope and extend the class
 * in the plugin's test sources:
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContractTest {
 *     @Override
 *     protected TransportProvider provider() {
 *         return new MyTransportProvider();
 *     }
 * }
 * }</pre>
 *
 * Override {@code config} to test other settings, {@code patience} on a slow machine, and
 * {@code sendRefusedInput} to check how the transport reports input it refuses. The bundled
 * {@code udp}, {@code tcp} and {@code memory} transports pass it.
 *
 * <p>Owns the contract's tests and the thread-safe listener, payloads and polling they use. It knows
 * the API's transport SPI only: nothing of the engine, and no particular transport.
 */
package io.pekonode.testkit.transport;
