/**
 * Entry point: {@link io.pekonode.engine.PekoNode} creates and runs cluster nodes.
 *
 * <p>Inside the engine: {@code core} is the sans-IO protocol state machine; {@code runtime} drives
 * it with one event-loop thread per node, a transport and a codec; {@code plugin} finds those by
 * name; {@code frame} seals messages between codec and transport; {@code metrics} counts; and
 * {@code persistence} is the port for state that survives restarts.
 */
package io.pekonode.engine;
