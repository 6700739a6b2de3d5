/**
 * The {@code tcp} transport plugin and the framed stream engine it is built on.
 *
 * <p>{@link io.pekonode.transport.tcp.TcpTransportProvider} is the plugin entry point.
 * {@link io.pekonode.transport.tcp.FramedStreamEndpoint} is exported for other transports that need
 * a reliable path (the {@code udp} plugin opens one on its UDP port number), with
 * {@link io.pekonode.transport.tcp.HostResolver} and {@link io.pekonode.transport.tcp.StreamCounters}
 * as its helpers.
 */
package io.pekonode.transport.tcp;
