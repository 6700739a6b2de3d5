package io.pekonode.engine.runtime.messaging.sockets;

/** Messaging scenarios over the TCP plugin. */
class TcpMessagingSocketTest extends MessagingSocketScenarios {
    TcpMessagingSocketTest() {
        super("tcp");
    }
}
