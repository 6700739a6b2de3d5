package io.pekonode.agent.http;

/**
 * Where a streamed answer goes. Never blocks: pieces queue up to a bound, and a client that falls
 * that far behind is dropped (the stream closes) rather than slowing down whoever offers.
 */
interface StreamSink {

    /** Queues {@code piece} for the client; false when the stream is closed or the client was just dropped. */
    boolean offer(byte[] piece);

    /** Ends the answer once everything queued is written. */
    void finish();

    /** Runs {@code action} once when the stream ends for any reason (finished, dropped, client gone). */
    void onClose(Runnable action);

    boolean isOpen();
}
