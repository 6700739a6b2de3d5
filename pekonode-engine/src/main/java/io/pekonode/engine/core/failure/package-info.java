/**
 * Failure detection: SWIM probing in shuffled round-robin order
 * ({@link io.pekonode.engine.core.failure.ProbeSchedule}), indirect probes through other members and
 * the nacks they send, last-chance probes before a suspect is buried, and Lifeguard's local health
 * awareness ({@link io.pekonode.engine.core.failure.LocalHealth}), which stretches this node's own
 * timeouts when it is the one in trouble.
 *
 * <p>It raises suspicions through {@code membership} and piggybacks rumors within the budget
 * {@code gossip} computes; it decides nothing about the member table itself (the membership rules
 * do) and sends only through the core's output buffer.
 */
package io.pekonode.engine.core.failure;
