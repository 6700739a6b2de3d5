package io.pekonode.engine.core.metadata;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.ShortText;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The cluster-wide key-value map: local writes with limits checked at the call, gossip of every
 * change, and application of changes learned from peers (gossip or anti-entropy) with an event for
 * each one that wins.
 */
public final class MetadataReplication {
    private final CoreContext ctx;
    private final MetadataStore store;

    public MetadataReplication(CoreContext ctx, MetadataStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    public MetadataStore store() {
        return store;
    }

    public HlcTimestamp publish(String key, byte[] value, long now) {
        checkKey(key);
        if (value == null) {
            throw new IllegalArgumentException("value must not be null; use remove(key) to delete");
        }
        if (value.length > ctx.config().limits().maxValueBytes()) {
            throw new PayloadTooLargeException("value of key '" + ShortText.of(key) + "'", value.length,
                    ctx.config().limits().maxValueBytes());
        }
        return spread(store.put(key, value.clone(), now));
    }

    public HlcTimestamp remove(String key, long now) {
        checkKey(key);
        return spread(store.remove(key, now));
    }

    private HlcTimestamp spread(MetadataEntry entry) {
        ctx.broadcast(new MetadataRumor(entry));
        ctx.emit(new ClusterEvent.MetadataChanged(entry.key(), entry.value(), entry.version()));
        return entry.version();
    }

    /** Applies a peer's entry; a winning entry is announced and passed on by gossip. */
    public void apply(MetadataEntry entry, long now, boolean regossip) {
        if (store.apply(entry, now)) {
            if (regossip) {
                ctx.broadcast(new MetadataRumor(entry));
            }
            ctx.emit(new ClusterEvent.MetadataChanged(entry.key(), entry.value(), entry.version()));
        }
    }

    /**
     * Applies entries learned in a pairwise sync. After a routine sync, a difference means gossip
     * missed someone (or a partition healed), so winners are re-gossiped to repair everyone quickly;
     * a joining node's first sync is not re-gossiped, since everyone else already has those entries.
     */
    public void applyAll(Collection<MetadataEntry> entries, long now, boolean regossip) {
        for (MetadataEntry e : entries) {
            apply(e, now, regossip);
        }
    }

    public void purgeTombstones(long now) {
        store.purgeTombstones(now, ctx.config().antiEntropy().metadataTombstoneRetention());
    }

    private void checkKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.length() > ctx.config().limits().maxKeyLength()) {
            throw new PayloadTooLargeException("key '" + ShortText.of(key) + "'",
                    key.getBytes(StandardCharsets.UTF_8).length, ctx.config().limits().maxKeyLength());
        }
    }
}
