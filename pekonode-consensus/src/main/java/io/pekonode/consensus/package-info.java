/**
 * The consensus API: {@link io.pekonode.consensus.Consensus} (leader, locks, the linearizable map),
 * its configuration and its typed exceptions. Start one per node with
 * {@link io.pekonode.consensus.Consensus#start}.
 */
package io.pekonode.consensus;
