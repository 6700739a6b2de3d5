/**
 * The {@code tcp} transport plugin: {@link io.pekonode.transport.tcp.TcpTransportProvider} is its entry
 * point, and {@link io.pekonode.transport.tcp.TcpTransport} sends packets and reliable messages alike
 * through one {@link io.pekonode.transport.stream.FramedStreamEndpoint}. Not exported.
 */
package io.pekonode.transport.tcp;
