/**
 * Rumor dissemination: the queue of rumors each sent a bounded number of times
 * ({@link io.pekonode.engine.core.gossip.BroadcastQueue}), the periodic gossip rounds to random
 * members ({@link io.pekonode.engine.core.gossip.Gossiper}), and size bounds that fill a packet
 * without encoding it twice ({@link io.pekonode.engine.core.gossip.RumorSizes}).
 *
 * <p>It spreads what other concerns queue and does not interpret rumors: applying them is the job of
 * membership, metadata and user messages. Reads the member table only to pick targets.
 */
package io.pekonode.engine.core.gossip;
