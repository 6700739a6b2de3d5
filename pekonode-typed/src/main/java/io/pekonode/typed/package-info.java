/**
 * Typed messaging: the user's own classes and records sent, requested, broadcast and queried as
 * JSON (Jackson databind) on top of {@link io.pekonode.api.Cluster}'s byte-level messaging, so no
 * one writes byte handling. Start with {@link io.pekonode.typed.TypedMessaging}.
 *
 * <p>Owns the mapping between user objects and payload bytes, and nothing else: it reaches the
 * cluster only through the {@code Cluster} API, never the engine, and its JSON is the user's, not
 * the wire protocol's (the {@code json} codec plugin maps protocol records by hand).
 */
package io.pekonode.typed;
