/**
 * The consensus module's wire format: a compact, versioned binary encoding of MicroRaft's messages,
 * log entries and snapshot chunks, of the map and lock operations, and of the call protocol between a
 * node and the leader. Every decoder is bounded: it refuses malformed, oversized or trailing input with
 * {@link io.pekonode.consensus.wire.MalformedMessageException} and never allocates more than the input
 * justifies. The same encoding is used on disk by the Raft store.
 */
package io.pekonode.consensus.wire;
