/**
 * Entry point: {@link io.pekonode.engine.PekoNode} creates and runs cluster nodes.
 *
 * <p>Inside the engine: {@code core} is the sans-IO protocol state machine; {@code runtime} drives
 * it with one event-loop thread per node, a transport and a codec, and {@code runtime.messaging}
 * carries direct messages, requests and query answers; {@code plugin} finds transports and codecs
 * by name; {@code frame} seals messages between codec and transport with the keys of
 * {@code security}; {@code metrics} counts; {@code persistence} keeps state across restarts.
 *
 * <p>This package only assembles a node from those parts; protocol decisions belong to the core.
 */
package io.pekonode.engine;
