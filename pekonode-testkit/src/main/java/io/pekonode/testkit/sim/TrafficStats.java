package io.pekonode.testkit.sim;

import java.util.Arrays;

/**
 * Messages and bytes sent and received per node and per {@link MessageType}, and drops per
 * {@link SimulatedDrop}. The simulation's instance ({@link Simulation#traffic()}) counts live; take a
 * {@link #snapshot()} before and after a window and subtract them with {@link #since} to measure it.
 *
 * <p>"Sent" counts what a node handed to the network, including messages the network then lost.
 * Bytes come from the simulation's sizer ({@link SizeEstimate} unless configured otherwise).
 */
public final class TrafficStats {

    private static final int TYPES = MessageType.count();

    private int nodes;
    private long[] sentMessages;
    private long[] sentBytes;
    private long[] receivedMessages;
    private final long[] dropped;

    TrafficStats(int initialNodes) {
        nodes = 0;
        int capacity = Math.max(8, initialNodes) * TYPES;
        sentMessages = new long[capacity];
        sentBytes = new long[capacity];
        receivedMessages = new long[capacity];
        dropped = new long[SimulatedDrop.values().length];
    }

    private TrafficStats(int nodes, long[] sentMessages, long[] sentBytes, long[] receivedMessages, long[] dropped) {
        this.nodes = nodes;
        this.sentMessages = sentMessages;
        this.sentBytes = sentBytes;
        this.receivedMessages = receivedMessages;
        this.dropped = dropped;
    }

    void ensureNodes(int count) {
        if (count * TYPES > sentMessages.length) {
            int capacity = Math.max(count * TYPES, sentMessages.length * 2);
            sentMessages = Arrays.copyOf(sentMessages, capacity);
            sentBytes = Arrays.copyOf(sentBytes, capacity);
            receivedMessages = Arrays.copyOf(receivedMessages, capacity);
        }
        nodes = Math.max(nodes, count);
    }

    void recordSent(int node, MessageType type, int bytes) {
        int i = node * TYPES + type.ordinal();
        sentMessages[i]++;
        sentBytes[i] += bytes;
    }

    void recordReceived(int node, MessageType type) {
        receivedMessages[node * TYPES + type.ordinal()]++;
    }

    void recordDropped(SimulatedDrop reason) {
        dropped[reason.ordinal()]++;
    }

    public long sentMessages(int nodeIndex, MessageType type) {
        return nodeIndex < nodes ? sentMessages[nodeIndex * TYPES + type.ordinal()] : 0;
    }

    public long sentBytes(int nodeIndex, MessageType type) {
        return nodeIndex < nodes ? sentBytes[nodeIndex * TYPES + type.ordinal()] : 0;
    }

    public long receivedMessages(int nodeIndex, MessageType type) {
        return nodeIndex < nodes ? receivedMessages[nodeIndex * TYPES + type.ordinal()] : 0;
    }

    /** Messages of every type sent by one node. */
    public long sentMessages(int nodeIndex) {
        return sum(sentMessages, nodeIndex, false);
    }

    public long sentBytes(int nodeIndex) {
        return sum(sentBytes, nodeIndex, false);
    }

    /** Messages of the packet types ({@link MessageType#isPacket()}) sent by one node. */
    public long sentPackets(int nodeIndex) {
        return sum(sentMessages, nodeIndex, true);
    }

    public long sentPacketBytes(int nodeIndex) {
        return sum(sentBytes, nodeIndex, true);
    }

    public long totalSentMessages(MessageType type) {
        return column(sentMessages, type);
    }

    public long totalSentBytes(MessageType type) {
        return column(sentBytes, type);
    }

    public long totalSentMessages() {
        long total = 0;
        for (int i = 0; i < nodes * TYPES; i++) {
            total += sentMessages[i];
        }
        return total;
    }

    public long totalSentBytes() {
        long total = 0;
        for (int i = 0; i < nodes * TYPES; i++) {
            total += sentBytes[i];
        }
        return total;
    }

    public long dropped(SimulatedDrop reason) {
        return dropped[reason.ordinal()];
    }

    /** An independent copy of the current counts. */
    public TrafficStats snapshot() {
        return new TrafficStats(nodes, Arrays.copyOf(sentMessages, nodes * TYPES), Arrays.copyOf(sentBytes, nodes * TYPES),
                Arrays.copyOf(receivedMessages, nodes * TYPES), dropped.clone());
    }

    /** The counts accumulated since {@code earlier} (a snapshot of this same simulation). */
    public TrafficStats since(TrafficStats earlier) {
        TrafficStats diff = snapshot();
        for (int i = 0; i < earlier.nodes * TYPES; i++) {
            diff.sentMessages[i] -= earlier.sentMessages[i];
            diff.sentBytes[i] -= earlier.sentBytes[i];
            diff.receivedMessages[i] -= earlier.receivedMessages[i];
        }
        for (int i = 0; i < dropped.length; i++) {
            diff.dropped[i] -= earlier.dropped[i];
        }
        return diff;
    }

    private long sum(long[] counts, int nodeIndex, boolean packetsOnly) {
        if (nodeIndex >= nodes) {
            return 0;
        }
        long total = 0;
        for (int t = 0; t < TYPES; t++) {
            if (!packetsOnly || MessageType.byOrdinal(t).isPacket()) {
                total += counts[nodeIndex * TYPES + t];
            }
        }
        return total;
    }

    private long column(long[] counts, MessageType type) {
        long total = 0;
        for (int n = 0; n < nodes; n++) {
            total += counts[n * TYPES + type.ordinal()];
        }
        return total;
    }
}
