package io.pekonode.transport.udp;

/**
 * A snapshot of the UDP side's counters since start (the reliable side has its own,
 * {@link UdpTransport#reliableCounters()}).
 *
 * @param packetsSent       datagrams handed to the operating system
 * @param packetsReceived   datagrams delivered to the listener
 * @param droppedOversized  outgoing packets over {@code maxPacketSize}, not sent
 * @param droppedUnresolved outgoing packets whose host did not resolve
 * @param droppedBufferFull outgoing packets refused by a full socket send buffer
 * @param droppedSendError  outgoing packets the operating system refused for another reason (or sent after close)
 * @param rejectedOversized incoming datagrams over {@code maxPacketSize}, not delivered
 * @param listenerErrors    exceptions thrown by the listener (logged and swallowed)
 */
public record DatagramCounters(long packetsSent, long packetsReceived, long droppedOversized, long droppedUnresolved,
                               long droppedBufferFull, long droppedSendError, long rejectedOversized,
                               long listenerErrors) {

    /** Every outgoing packet that was not sent, whatever the reason. */
    public long packetsDropped() {
        return droppedOversized + droppedUnresolved + droppedBufferFull + droppedSendError;
    }
}
