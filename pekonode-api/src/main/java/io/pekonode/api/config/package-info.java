/**
 * A node's settings: {@link io.pekonode.api.config.ClusterConfig}, immutable, built with a builder
 * from one of the presets ({@code lan()}, {@code local()}, {@code wan()}). Every setting's Javadoc
 * states its trade-off; the constructor checks the settings against each other.
 *
 * <p>Plain values only: reading and applying them is the engine's and the plugins' business.
 */
package io.pekonode.api.config;
