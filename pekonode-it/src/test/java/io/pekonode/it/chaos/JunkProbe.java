package io.pekonode.it.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.SplittableRandom;

/**
 * A known amount of junk at one node's gossip port, each piece of which the node must count exactly once
 * in {@code pekonode.packets.dropped}: random datagrams (none opens as a sealed frame), and TCP connections
 * that each carry one bad frame in a different way: a length over the limit, an unknown frame type, a frame
 * cut off by a FIN, one cut off by a reset, and a whole frame of random bytes.
 */
final class JunkProbe {

    static final int DATAGRAMS = 20;
    static final int CONNECTIONS = 5;
    /** Stream frame header: a 4-byte big-endian length and a type byte; 2 is a reliable message. */
    private static final byte RELIABLE = 2;

    private JunkProbe() {
    }

    /** Sends {@link #DATAGRAMS} datagrams and {@link #CONNECTIONS} connections; the pieces sent. */
    static int send(String ip, int port, SplittableRandom random) throws IOException {
        InetAddress address = InetAddress.getByName(ip);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] junk = new byte[1 + random.nextInt(1_200)];
                random.nextBytes(junk);
                socket.send(new DatagramPacket(junk, junk.length, address, port));
            }
        }
        InetSocketAddress to = new InetSocketAddress(address, port);
        connection(to, new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, RELIABLE}, false);
        connection(to, new byte[] {0, 0, 0, 16, 99}, false);
        byte[] half = new byte[5 + 40];
        random.nextBytes(half);
        System.arraycopy(new byte[] {0, 0, 0, 100, RELIABLE}, 0, half, 0, 5);
        connection(to, half, false);
        connection(to, half, true);
        byte[] whole = new byte[5 + 300];
        random.nextBytes(whole);
        System.arraycopy(new byte[] {0, 0, 1, 44, RELIABLE}, 0, whole, 0, 5); // 300 bytes of random payload
        connection(to, whole, false);
        return DATAGRAMS + CONNECTIONS;
    }

    private static void connection(InetSocketAddress to, byte[] bytes, boolean reset) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(to, 2_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            if (reset) {
                pause(100); // a reset discards what is still unsent: let the bytes leave first
                socket.setSoLinger(true, 0);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
