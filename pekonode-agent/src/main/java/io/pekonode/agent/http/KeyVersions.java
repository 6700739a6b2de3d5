package io.pekonode.agent.http;

import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version ({@code millis.logical@writerId}) of each live key, learned from the metadata changes
 * this node applied since the API started, for {@code GET /v1/kv?versions=true}. The cluster API
 * reads values only; keys restored from a data directory and untouched since have no version here.
 * Holds one entry per live key: a removal forgets its key.
 */
final class KeyVersions implements ClusterListener {

    private final Map<String, String> versions = new ConcurrentHashMap<>();

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.MetadataChanged m) {
            if (m.removed()) {
                versions.remove(m.key());
            } else {
                versions.put(m.key(), m.version().toString());
            }
        }
    }

    /** The known versions of {@code keys}. */
    Map<String, String> of(Iterable<String> keys) {
        Map<String, String> known = new java.util.TreeMap<>();
        for (String key : keys) {
            String version = versions.get(key);
            if (version != null) {
                known.put(key, version);
            }
        }
        return known;
    }
}
