/**
 * The replicated state: the consensus map and the locks, as a deterministic MicroRaft state machine,
 * with the operations it applies and the results it returns. Everything here runs on the Raft thread
 * and depends on nothing but its input, so every voter reaches the same state from the same log.
 */
package io.pekonode.consensus.state;
