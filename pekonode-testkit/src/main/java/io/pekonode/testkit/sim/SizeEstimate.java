package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.List;
import java.util.Map;

/**
 * A cheap, allocation-free estimate of a message's encoded size, shaped like a JSON encoding (field
 * names, quotes, base64 values). The simulator's default sizer; pass a real codec's
 * {@code encode(m).length} to {@link Simulation.Builder#sizer} when exact bytes matter more than speed.
 */
public final class SizeEstimate {

    private static final int ENVELOPE = 24;
    private static final int FIELD = 8;
    private static final int VERSION = 48;

    private SizeEstimate() {
    }

    /** Estimated encoded bytes of {@code message}. */
    public static int estimate(WireMessage message) {
        int size = ENVELOPE + origin(message.origin());
        if (message instanceof Ping p) {
            size += 2 * FIELD + 20 + p.targetId().length() + rumors(p.rumors());
        } else if (message instanceof Ack a) {
            size += FIELD + 20 + rumors(a.rumors());
        } else if (message instanceof Gossip g) {
            size += rumors(g.rumors());
        } else if (message instanceof IndirectPing ip) {
            size += 5 * FIELD + 25 + ip.targetId().length() + ip.target().host().length() + rumors(ip.rumors());
        } else if (message instanceof Nack) {
            size += FIELD + 20;
        } else if (message instanceof SyncRequest s) {
            size += 2 * FIELD + members(s.members()) + 20 + versions(s.digest().versions());
        } else if (message instanceof SyncResponse s) {
            size += 3 * FIELD + members(s.members()) + entries(s.entries());
            for (String key : s.wantedKeys()) {
                size += key.length() + 3;
            }
        } else if (message instanceof MetadataPush m) {
            size += FIELD + entries(m.entries());
        } else if (message instanceof DirectMessage d) {
            size += 4 * FIELD + 20 + d.topic().length() + bytes(d.payload());
        } else if (message instanceof DirectReply r) {
            size += 4 * FIELD + 20 + (r.error() == null ? 4 : r.error().length()) + bytes(r.payload());
        } else if (message instanceof QueryReply q) {
            size += 3 * FIELD + 25 + bytes(q.payload());
        }
        return size;
    }

    private static int origin(Origin origin) {
        return 2 * FIELD + origin.nodeId().length() + origin.address().host().length() + 6;
    }

    private static int rumors(List<Rumor> rumors) {
        int size = FIELD;
        for (int i = 0; i < rumors.size(); i++) {
            Rumor r = rumors.get(i);
            if (r instanceof MemberRumor m) {
                size += 2 * FIELD + member(m.member()) + m.reporterId().length();
            } else if (r instanceof MetadataRumor md) {
                size += FIELD + entry(md.entry());
            } else if (r instanceof UserEventRumor e) {
                size += 6 * FIELD + e.originId().length() + 20 + e.name().length() + bytes(e.payload()) + 5;
            } else if (r instanceof QueryRumor q) {
                size += 10 * FIELD + origin(q.origin()) + 20 + q.name().length() + bytes(q.payload()) + 20 + 5;
                for (Map.Entry<String, String> f : q.tagFilter().entrySet()) {
                    size += f.getKey().length() + f.getValue().length() + 6;
                }
                for (String id : q.nodeIds()) {
                    size += id.length() + 3;
                }
            }
        }
        return size;
    }

    /** A byte array as quoted base64. */
    private static int bytes(byte[] value) {
        return (value.length + 2) / 3 * 4 + 2;
    }

    private static int members(List<Member> members) {
        int size = FIELD;
        for (int i = 0; i < members.size(); i++) {
            size += member(members.get(i)) + 1;
        }
        return size;
    }

    private static int member(Member m) {
        int size = 6 * FIELD + m.id().length() + m.name().length() + m.address().host().length() + 6 + 7 + 10;
        for (Map.Entry<String, String> tag : m.tags().entrySet()) {
            size += tag.getKey().length() + tag.getValue().length() + 6;
        }
        return size;
    }

    private static int entries(List<MetadataEntry> entries) {
        int size = FIELD;
        for (int i = 0; i < entries.size(); i++) {
            size += entry(entries.get(i)) + 1;
        }
        return size;
    }

    private static int entry(MetadataEntry e) {
        int value = e.value() == null ? 4 : (e.value().length + 2) / 3 * 4 + 2;
        return 3 * FIELD + e.key().length() + value + VERSION + e.version().nodeId().length();
    }

    private static int versions(List<KeyVersion> versions) {
        int size = FIELD;
        for (int i = 0; i < versions.size(); i++) {
            KeyVersion v = versions.get(i);
            size += 2 * FIELD + v.key().length() + VERSION + v.version().nodeId().length();
        }
        return size;
    }
}
