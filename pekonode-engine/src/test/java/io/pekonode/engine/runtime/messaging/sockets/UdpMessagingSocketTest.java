package io.pekonode.engine.runtime.messaging.sockets;

/** Messaging scenarios over the UDP plugin (requests and large payloads over its TCP side). */
class UdpMessagingSocketTest extends MessagingSocketScenarios {
    UdpMessagingSocketTest() {
        super("udp");
    }
}
