/**
 * The {@code udp} transport plugin.
 *
 * <h2>Why a UDP transport also listens on TCP</h2>
 * Probes and gossip fit in one datagram and tolerate loss, so they go over UDP. Two things do not:
 * push-pull state exchange and large metadata values are bigger than any safe datagram and must
 * arrive whole or be reported as failed. Like hashicorp/memberlist, the plugin therefore opens a
 * TCP listener on the same port number as its UDP socket and sends reliable messages there, using
 * the shared framed stream engine ({@link io.pekonode.transport.stream.FramedStreamEndpoint}, also
 * under the {@code tcp} plugin). One port number for both means a node is still addressed by one
 * {@code host:port} and operators open one port (UDP and TCP) in their firewalls.
 */
package io.pekonode.transport.udp;
