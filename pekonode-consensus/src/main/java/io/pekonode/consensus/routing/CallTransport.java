package io.pekonode.consensus.routing;

import io.pekonode.consensus.wire.CallMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends calls to other members; their results come back through {@link CallRouter#onResult}. */
public interface CallTransport {

    /**
     * Sends {@code call} to {@code memberId} and completes with its immediate answer, or exceptionally
     * with {@link NotSentException} (it surely did not arrive) or any other exception (it may have).
     */
    CompletableFuture<CallMessage.CallAck> send(String memberId, CallMessage.Call call, Duration timeout);

    /** Thrown (as a future's cause) when a call surely never reached its target: retrying is safe. */
    final class NotSentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotSentException(String message) {
            super(message, null, false, false);
        }
    }
}
