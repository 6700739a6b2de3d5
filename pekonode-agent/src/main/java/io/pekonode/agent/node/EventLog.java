package io.pekonode.agent.node;

import io.pekonode.agent.format.MemberListing;
import io.pekonode.agent.format.Printable;
import io.pekonode.api.Member;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterEvent.MemberFailed;
import io.pekonode.api.event.ClusterEvent.MemberJoined;
import io.pekonode.api.event.ClusterEvent.MemberLeft;
import io.pekonode.api.event.ClusterEvent.MemberRecovered;
import io.pekonode.api.event.ClusterEvent.MemberSuspected;
import io.pekonode.api.event.ClusterEvent.MemberUpdated;
import io.pekonode.api.event.ClusterEvent.MetadataChanged;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.event.ClusterListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The console event log (Go PekoNode's {@code IsPrint}): one human line per membership or metadata
 * change or received user event, through log4j so {@code --log-level} and the pattern apply. Failures and suspicions are
 * warnings; everything else is info.
 */
public final class EventLog implements ClusterListener {

    /** Logger name of the event log, so it can be tuned on its own in log4j2.properties. */
    public static final String LOGGER = "io.pekonode.agent.events";
    private static final Logger LOG = LogManager.getLogger(LOGGER);

    private final String nodeLabel;

    /** @param nodeLabel the local node's name, shown in the {@code [node]} column of each line */
    public EventLog(String nodeLabel) {
        this.nodeLabel = nodeLabel;
    }

    @Override
    public void onEvent(ClusterEvent event) {
        ThreadContext.put(Logs.NODE_KEY, nodeLabel);
        // Java 17: no pattern matching for switch yet, so a chain of instanceof tests.
        if (event instanceof MemberJoined e) {
            LOG.info("member joined: {}", describe(e.member()));
        } else if (event instanceof MemberUpdated e) {
            LOG.info("member updated: {}", describe(e.member()));
        } else if (event instanceof MemberSuspected e) {
            LOG.warn("member suspected: {} missed its probes; failed unless it refutes soon", label(e.member()));
        } else if (event instanceof MemberRecovered e) {
            LOG.info("member recovered: {} refuted the suspicion (incarnation {})", label(e.member()),
                    e.member().incarnation());
        } else if (event instanceof MemberFailed e) {
            LOG.warn("member failed: {} at {} is declared dead", label(e.member()), e.member().address());
        } else if (event instanceof MemberLeft e) {
            LOG.info("member left: {} at {} left the cluster", label(e.member()), e.member().address());
        } else if (event instanceof UserEventReceived e) {
            byte[] payload = e.payload();
            LOG.info("user event: '{}' from {} (ltime {}{}) = {} ({} bytes)", e.name(), MemberListing.shortId(e.originId()),
                    e.lamportTime(), e.coalesced() > 0 ? ", replaced " + e.coalesced() + " older" : "",
                    Printable.preview(payload), payload.length);
        } else if (event instanceof MetadataChanged e) {
            if (e.removed()) {
                LOG.info("metadata removed: key '{}' (version {})", e.key(), e.version());
            } else {
                byte[] value = e.value();
                LOG.info("metadata set: key '{}' = {} ({} bytes, version {})", e.key(), Printable.preview(value),
                        value.length, e.version());
            }
        }
    }

    /** {@code name (id)}, or just the short id when the name is the id. */
    static String label(Member m) {
        String shortId = MemberListing.shortId(m.id());
        return m.name().equals(m.id()) ? shortId : m.name() + " (" + shortId + ")";
    }

    private static String describe(Member m) {
        return label(m) + " at " + m.address() + ", " + m.state() + ", incarnation " + m.incarnation()
                + ", tags " + MemberListing.tags(m.tags());
    }
}
