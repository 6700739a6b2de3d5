/**
 * What an application embeds against: {@link io.pekonode.api.Cluster} (one node's view of the
 * members and of the replicated metadata map, and its messaging) and the values it hands out
 * ({@link io.pekonode.api.Member}, {@link io.pekonode.api.NodeAddress},
 * {@link io.pekonode.api.HlcTimestamp}).
 *
 * <p>The API module has no dependencies and no implementation: nodes are created by the engine, and
 * nothing here may refer to the engine, a transport or a codec.
 */
package io.pekonode.api;
