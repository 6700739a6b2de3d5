/**
 * A deterministic simulator: the engine's real protocol core on many nodes in one thread, under
 * virtual time, with per-link latency, loss and partitions, stalls, crashes and restarts, and
 * seeded randomness. The same seed gives the same run. Start with
 * {@link io.pekonode.testkit.sim.Simulation#builder()}.
 *
 * <p>Owns scheduling, the simulated network and the views tests assert on. It drives the core
 * through its public inputs and outputs only (the engine exports the core to this module alone) and
 * never touches the runtime, transports or codecs: messages travel as records, sized by an estimate.
 */
package io.pekonode.testkit.sim;
