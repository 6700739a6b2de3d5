/**
 * The runtime side of messaging: handlers, direct messages, requests with deadlines, and the
 * answering and collecting of cluster queries. The protocol core knows nothing of direct messages
 * or replies; it only spreads user events and queries by gossip and lists the queries this node must
 * answer. Everything here is driven by the event loop (receiving, deadlines, member failures) or by
 * callers' threads (sending), and never runs a user handler on the loop thread.
 *
 * <p>Sends through the runtime's outbound path and counts through {@code metrics}; it never touches
 * the core's state.
 */
package io.pekonode.engine.runtime.messaging;
