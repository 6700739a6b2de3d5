package io.pekonode.engine.messaging.sockets;

/** Messaging scenarios over the UDP plugin (requests and large payloads over its TCP side). */
class UdpMessagingSocketTest extends MessagingSocketScenarios {
    UdpMessagingSocketTest() {
        super("udp");
    }
}
