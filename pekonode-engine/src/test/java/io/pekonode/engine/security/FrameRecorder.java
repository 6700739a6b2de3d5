package io.pekonode.engine.security;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Wraps a transport provider: remembers every frame sent and each node's listener, to replay them. */
final class FrameRecorder implements TransportProvider {
    record Sent(NodeAddress from, NodeAddress to, byte[] frame, boolean reliable) {
    }

    private final TransportProvider inner;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<NodeAddress, TransportListener> listeners = new ConcurrentHashMap<>();

    FrameRecorder(TransportProvider inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    int count() {
        return sent.size();
    }

    List<Sent> sentTo(NodeAddress to, Set<NodeAddress> from, int firstFrames) {
        // A stream of the list iterates a snapshot; a subList view would fail once a node sends more.
        return sent.stream().limit(firstFrames).filter(s -> s.to().equals(to) && from.contains(s.from())).collect(Collectors.toList());
    }

    void inject(Sent s) {
        InetSocketAddress source = InetSocketAddress.createUnresolved(s.from().host(), s.from().port());
        TransportListener target = listeners.get(s.to());
        if (s.reliable()) {
            target.onReliable(s.frame().clone(), source);
        } else {
            target.onPacket(s.frame().clone(), source);
        }
    }

    @Override
    public Transport create(TransportConfig config) {
        Transport t = inner.create(config);
        return new Transport() {
            @Override
            public void start(TransportListener listener) throws IOException {
                t.start(listener);
                listeners.put(t.localAddress(), listener);
            }

            @Override
            public NodeAddress localAddress() {
                return t.localAddress();
            }

            @Override
            public int maxPacketSize() {
                return t.maxPacketSize();
            }

            @Override
            public void sendPacket(NodeAddress to, byte[] packet) {
                sent.add(new Sent(t.localAddress(), to, packet.clone(), false));
                t.sendPacket(to, packet);
            }

            @Override
            public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
                sent.add(new Sent(t.localAddress(), to, message.clone(), true));
                return t.sendReliable(to, message);
            }

            @Override
            public void close() {
                t.close();
            }
        };
    }
}
