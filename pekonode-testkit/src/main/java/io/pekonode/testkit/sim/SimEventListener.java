package io.pekonode.testkit.sim;

import io.pekonode.api.event.ClusterEvent;

/**
 * Sees every {@link ClusterEvent} any simulated node produces, with the virtual time and the node that
 * observed it. Called synchronously inside the simulation loop: keep it quick, and change the
 * simulation from it only through {@link Simulation#schedule}.
 */
@FunctionalInterface
public interface SimEventListener {
    void onEvent(long timeMillis, SimNode observer, ClusterEvent event);
}
