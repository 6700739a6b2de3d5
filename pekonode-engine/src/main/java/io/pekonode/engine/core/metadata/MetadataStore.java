package io.pekonode.engine.core.metadata;

import io.pekonode.api.wire.MetadataDigest;
import io.pekonode.api.wire.MetadataEntry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** STUB: to be implemented. The local replica of the cluster metadata map (last writer by HLC wins). */
public final class MetadataStore {
    public MetadataStore(String localNodeId, HybridClock clock) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public MetadataEntry put(String key, byte[] value, long wallMillis) {
        throw new UnsupportedOperationException();
    }

    public MetadataEntry remove(String key, long wallMillis) {
        throw new UnsupportedOperationException();
    }

    public boolean apply(MetadataEntry remote, long wallMillis) {
        throw new UnsupportedOperationException();
    }

    public Optional<byte[]> get(String key) {
        throw new UnsupportedOperationException();
    }

    public Optional<MetadataEntry> entry(String key) {
        throw new UnsupportedOperationException();
    }

    public Map<String, byte[]> snapshot() {
        throw new UnsupportedOperationException();
    }

    public MetadataDigest digest() {
        throw new UnsupportedOperationException();
    }

    public SyncPlan compare(MetadataDigest remote) {
        throw new UnsupportedOperationException();
    }

    public List<MetadataEntry> entries(Collection<String> keys) {
        throw new UnsupportedOperationException();
    }

    public List<MetadataEntry> all() {
        throw new UnsupportedOperationException();
    }

    public int purgeTombstones(long wallMillis, Duration retention) {
        throw new UnsupportedOperationException();
    }

    public int size() {
        throw new UnsupportedOperationException();
    }
}
