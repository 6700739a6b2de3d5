/**
 * A node's settings: {@link io.pekonode.api.config.ClusterConfig}, immutable, built with a builder
 * from one of the presets ({@code lan()}, {@code local()}, {@code wan()}). Beside identity,
 * addresses and plugin names it holds named groups, each an immutable record with documented
 * defaults (failure detection, gossip, anti-entropy, network, limits, messaging, life cycle,
 * persistence). Every setter's Javadoc states its trade-off; the records check their own ranges and
 * {@code ClusterConfig} checks the groups against each other.
 *
 * <p>Plain values only: objects and resources (a keyring, a data directory, plugin instances) are
 * given to the engine's node builder. Reading and applying the values is the engine's and the
 * plugins' business.
 */
package io.pekonode.api.config;
