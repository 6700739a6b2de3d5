package io.pekonode.testkit.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final TransportListener collect = new TransportListener() {
        @Override
        public void onPacket(byte[] packet, InetSocketAddress source) {
            received.add(packet);
        }

        @Override
        public void onReliable(byte[] message, InetSocketAddress source) {
            received.add(message);
        }
    };

    private Transport transport(String host, int port) throws IOException {
        Transport t = network.provider().create(TransportConfig.defaults(new NodeAddress(host, port)));
        t.start(collect);
        return t;
    }

    @Test
    void deliversCopiesBetweenBoundAddresses() throws Exception {
        Transport a = transport("a", 1);
        Transport b = transport("b", 1);
        byte[] data = {1, 2, 3};
        a.sendPacket(b.localAddress(), data);
        b.sendReliable(a.localAddress(), data).get();
        data[0] = 9;
        assertEquals(2, received.size());
        assertArrayEquals(new byte[] {1, 2, 3}, received.get(0));
    }

    @Test
    void portZeroGetsAFreePortAndABoundAddressCannotBeTakenTwice() throws Exception {
        Transport a = transport("a", 0);
        Transport b = transport("a", 0);
        assertNotEquals(a.localAddress(), b.localAddress());
        transport("c", 5);
        assertThrows(IOException.class, () -> transport("c", 5));
    }

    @Test
    void isolatedOrAbsentPeersAreUnreachableAndCloseFreesTheAddress() throws Exception {
        Transport a = transport("a", 1);
        Transport b = transport("b", 1);
        network.isolate(b.localAddress());
        a.sendPacket(b.localAddress(), new byte[] {1});
        assertTrue(a.sendReliable(b.localAddress(), new byte[] {1}).isCompletedExceptionally());
        network.heal(b.localAddress());
        a.sendPacket(b.localAddress(), new byte[] {1});
        assertEquals(1, received.size());

        b.close();
        assertTrue(a.sendReliable(new NodeAddress("b", 1), new byte[] {1}).isCompletedExceptionally());
        transport("b", 1); // rebinding works after close
    }

    @Test
    void oversizedPacketsAreDroppedNotThrown() throws Exception {
        Transport a = transport("a", 1);
        Transport b = transport("b", 1);
        a.sendPacket(b.localAddress(), new byte[a.maxPacketSize() + 1]);
        assertTrue(received.isEmpty());
    }
}
