package io.pekonode.transport.stream;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * State of one socket, touched only by the I/O thread. Outbound connections carry the frames queued
 * for their peer; inbound connections only read (replies go to the address inside a message, over
 * the replier's own outbound connection).
 */
final class Connection {

    final SocketChannel channel;
    final InetSocketAddress remote;
    final boolean outbound;
    final FrameReader reader;
    final ArrayDeque<QueuedFrame> queue = new ArrayDeque<>();
    SelectionKey key;
    boolean connected;
    boolean closed;
    /** The connect was refused: nothing listens at {@link #remote}. */
    boolean refused;

    /** Timestamps in System.nanoTime(); 0 means "not in progress". */
    final long createdNanos;
    long lastActivityNanos;
    long readStartedNanos;
    long writeStartedNanos;

    /** The frame being written and its header/payload buffers. */
    QueuedFrame writing;
    ByteBuffer[] writeBuffers;

    Connection(SocketChannel channel, InetSocketAddress remote, boolean outbound, int maxFrameSize, long nowNanos) {
        this.channel = channel;
        this.remote = remote;
        this.outbound = outbound;
        this.reader = new FrameReader(maxFrameSize);
        this.createdNanos = nowNanos;
        this.lastActivityNanos = nowNanos;
    }

    /** Nothing half-done in either direction and nothing waiting. */
    boolean idle() {
        return writing == null && queue.isEmpty() && readStartedNanos == 0;
    }

    @Override
    public String toString() {
        return (outbound ? "connection to " : "connection from ") + remote;
    }
}
