/**
 * The framed stream engine shared by the transport plugins: length-prefixed frames over reused TCP
 * connections, driven by one NIO selector thread, with host name resolution off the callers'
 * threads, per-peer send budgets, circuit breakers and bounded inbound connections.
 *
 * <p>It is a support library, not a plugin: it provides no service. The {@code tcp} plugin sends
 * everything through one {@link io.pekonode.transport.stream.FramedStreamEndpoint}; the {@code udp}
 * plugin opens one on its UDP port number for reliable messages. A third-party transport may use it
 * the same way.
 */
module io.pekonode.transport.stream {
    requires transitive io.pekonode.api;
    requires org.apache.logging.log4j;

    exports io.pekonode.transport.stream;
}
