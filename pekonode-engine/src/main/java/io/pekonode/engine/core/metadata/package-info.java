/**
 * The replicated metadata map: the local replica ({@link io.pekonode.engine.core.metadata.MetadataStore},
 * last writer wins by hybrid logical clock, tombstones for deletes), the clock itself
 * ({@link io.pekonode.engine.core.metadata.HybridClock}), digests for anti-entropy, and its
 * replication ({@link io.pekonode.engine.core.metadata.MetadataReplication}: local writes, limits,
 * rumors and change events).
 *
 * <p>Knows nothing of members or probing; anti-entropy ({@code sync}) calls into it to compare and
 * repair replicas.
 */
package io.pekonode.engine.core.metadata;
