package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers the queries the core says this node must answer ({@code ProtocolCore.drainQueries}): an
 * ack first when asked for (sent from the loop, a tiny packet, so the asker learns of receipt even
 * when the handler is slow), then the handler's response from a handler thread. The response is sent
 * as a packet when its frame fits one, else reliably (the sender reroutes). A query whose name has
 * no handler here is acked only; a handler that throws, or a full handler queue, gives no response
 * (the asker sees an ack without a response, as the API documents). Answers to this node's own
 * queries travel through the transport to its own address like any other, one path for all.
 */
public final class QueryAnswering {

    private static final Logger LOG = LogManager.getLogger(QueryAnswering.class);
    private static final byte[] EMPTY = new byte[0];

    private final Origin self;
    private final HandlerRegistry handlers;
    private final HandlerExecutor executor;
    private final WireSender sender;
    private final EngineMetrics metrics;
    private final int maxMessageBytes;

    public QueryAnswering(Origin self, HandlerRegistry handlers, HandlerExecutor executor, WireSender sender,
                          EngineMetrics metrics, int maxMessageBytes) {
        this.self = self;
        this.handlers = handlers;
        this.executor = executor;
        this.sender = sender;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** On the loop, for each query drained from the core. */
    public void answer(QueryRumor query) {
        if (query.wantAck()) {
            send(query, new QueryReply(self, query.lamportTime(), true, EMPTY));
        }
        MessageHandler handler = handlers.find(query.name());
        if (handler == null) {
            metrics.messaging(MessagingOutcome.NO_HANDLER);
            return;
        }
        IncomingMessage incoming = new IncomingMessage(IncomingMessage.Kind.QUERY, query.name(),
                query.origin().nodeId(), query.payload());
        boolean queued = executor.tryRun(() -> {
            HandlerCall.Outcome outcome = HandlerCall.run(handler, incoming);
            if (!outcome.ok()) {
                metrics.messaging(MessagingOutcome.HANDLER_FAILED);
                return;
            }
            if (outcome.reply().length > maxMessageBytes) {
                metrics.messaging(MessagingOutcome.HANDLER_FAILED);
                LOG.warn("Dropped the {}-byte response to query '{}': over maxMessageBytes ({})", outcome.reply().length,
                        query.name(), maxMessageBytes);
                return;
            }
            metrics.messaging(MessagingOutcome.QUERY_ANSWERED);
            send(query, new QueryReply(self, query.lamportTime(), false, outcome.reply()));
        });
        if (!queued) {
            metrics.messaging(MessagingOutcome.HANDLER_REJECTED);
        }
    }

    private void send(QueryRumor query, QueryReply reply) {
        sender.send(query.origin().address(), reply, false).whenComplete((ok, failure) -> {
            if (failure != null) {
                metrics.messaging(MessagingOutcome.REPLY_SEND_FAILED);
                LOG.debug("Answer to query '{}' of {} failed: {}", query.name(), query.origin().nodeId(), failure.toString());
            }
        });
    }
}
