/** Counters kept by the runtime and their Micrometer {@code MeterBinder}. */
package io.pekonode.engine.metrics;
