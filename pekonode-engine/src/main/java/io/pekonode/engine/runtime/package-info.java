/**
 * The runtime that drives the protocol core: {@link io.pekonode.engine.runtime.NodeRuntime} wires a
 * node's transport, codec, frames and event loop; {@link io.pekonode.engine.runtime.EventLoop} is the
 * one thread that owns the core; bounded queues ({@link io.pekonode.engine.runtime.Mailbox}, one per
 * listener) stand between it and transport threads, callers and listeners; inbound frames are rate
 * limited per source and opened before decoding.
 *
 * <p>Owns threads, queues and time. Makes no protocol decisions (those are the core's) and reaches
 * transports and codecs only through the SPI; persistence and metrics are ports it calls.
 */
package io.pekonode.engine.runtime;
