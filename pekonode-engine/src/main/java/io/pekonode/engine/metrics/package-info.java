/**
 * Every count the runtime keeps about a node ({@link io.pekonode.engine.metrics.EngineMetrics}) and
 * their Micrometer {@code MeterBinder} ({@link io.pekonode.engine.metrics.NodeMeterBinder}): member
 * states, messages and bytes by type, drops by {@link io.pekonode.engine.metrics.DropReason},
 * messaging outcomes and the core's protocol counters.
 *
 * <p>Counts without any registry; it reads the core's counters only as snapshots the event loop
 * copies, and never feeds anything back into the protocol.
 */
package io.pekonode.engine.metrics;
