/**
 * Typed messaging: the user's own classes and records sent, requested, broadcast and queried as
 * JSON (Jackson databind) on top of {@link io.pekonode.api.Cluster}'s byte-level messaging, so no
 * one writes byte handling. Start with {@link io.pekonode.codec.json.typed.TypedMessaging}.
 *
 * <p>This is the only part of the module that uses databind; the wire codec itself maps PekoNode's
 * protocol records by hand with the streaming API.
 */
package io.pekonode.codec.json.typed;
