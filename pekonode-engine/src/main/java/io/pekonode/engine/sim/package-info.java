/**
 * A deterministic simulator: many protocol cores in one JVM under virtual time, with per-link
 * latency, loss and partitions, and seeded randomness. The same seed gives the same run.
 */
package io.pekonode.engine.sim;
