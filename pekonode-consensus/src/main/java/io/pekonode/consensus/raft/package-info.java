/**
 * MicroRaft put to work: a group member (a Raft node with the replicated state, the store and lease
 * timing), its serial executor and clock, and its transport. The member reaches the world only through
 * a {@link io.pekonode.consensus.raft.Scheduler} and an {@link io.pekonode.consensus.raft.Outbox}, so the
 * same code runs on threads in a node and under virtual time in the simulator.
 */
package io.pekonode.consensus.raft;
