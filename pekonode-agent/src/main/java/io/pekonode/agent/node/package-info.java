/**
 * One running agent ({@link io.pekonode.agent.node.AgentNode}): the cluster node built by
 * {@link io.pekonode.agent.node.ClusterFactory} (the engine, or a fake in tests), its console event
 * log, its join watch and its HTTP API, started and closed together.
 *
 * <p>The only agent package that creates engine nodes; everything else gets a {@code Cluster}.
 */
package io.pekonode.agent.node;
