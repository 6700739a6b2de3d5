package io.pekonode.testkit.transport;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite's listener: records everything a transport delivers and reports. Thread-safe, because
 * the contract lets callbacks run concurrently and before {@code start} returns. Tests extend it to
 * act inside a callback (throw, close the transport) and call {@code super} to keep the record.
 */
class Recorder implements TransportListener {

    record Received(byte[] data, InetSocketAddress source) {
    }

    record Rejection(RejectReason reason, String detail, InetSocketAddress source) {
    }

    record Drop(SendDropReason reason, NodeAddress to, String detail) {
    }

    private final List<Received> packets = new ArrayList<>();
    private final List<Received> reliable = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<Drop> drops = new ArrayList<>();
    private final AtomicInteger lateDeliveries = new AtomicInteger();
    private volatile boolean closeReturned;

    @Override
    public void onPacket(byte[] packet, InetSocketAddress source) {
        countIfLate();
        synchronized (this) {
            packets.add(new Received(packet, source));
        }
    }

    @Override
    public void onReliable(byte[] message, InetSocketAddress source) {
        countIfLate();
        synchronized (this) {
            reliable.add(new Received(message, source));
        }
    }

    @Override
    public synchronized void onRejected(RejectReason reason, String detail, InetSocketAddress source) {
        rejections.add(new Rejection(reason, detail, source));
    }

    @Override
    public synchronized void onSendDropped(SendDropReason reason, NodeAddress to, String detail) {
        drops.add(new Drop(reason, to, detail));
    }

    /** Marks the moment the transport's {@code close()} returned: deliveries after it are counted as late. */
    void closeReturned() {
        closeReturned = true;
    }

    /** Deliveries that started after {@link #closeReturned()}. */
    int lateDeliveries() {
        return lateDeliveries.get();
    }

    private void countIfLate() {
        if (closeReturned) {
            lateDeliveries.incrementAndGet();
        }
    }

    synchronized List<Received> packets() {
        return List.copyOf(packets);
    }

    synchronized List<Received> reliable() {
        return List.copyOf(reliable);
    }

    synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    synchronized List<Drop> drops() {
        return List.copyOf(drops);
    }

    synchronized long drops(SendDropReason reason) {
        return drops.stream().filter(d -> d.reason() == reason).count();
    }
}
