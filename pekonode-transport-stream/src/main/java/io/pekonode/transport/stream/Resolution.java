package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import java.net.InetSocketAddress;

/** A host name lookup finished (one of address or failure is set); handed to the I/O thread. */
record Resolution(NodeAddress to, InetSocketAddress address, Throwable failure) {
}
