/**
 * The framed stream engine: {@link io.pekonode.transport.stream.FramedStreamEndpoint} listens on one
 * TCP port and exchanges length-prefixed packet and reliable frames with peers, with
 * {@link io.pekonode.transport.stream.HostResolver} for non-blocking name lookups and
 * {@link io.pekonode.transport.stream.StreamCounters} for what it counted.
 *
 * <p>Everything else here is confined to the endpoint's I/O thread (connections, frame reassembly,
 * circuit breakers) or shared with callers through thread-safe hand-offs (send budgets, the send
 * queue). It depends on the transport SPI only: no plugin and no engine class.
 */
package io.pekonode.transport.stream;
