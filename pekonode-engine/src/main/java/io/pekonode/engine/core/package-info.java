/**
 * The sans-IO protocol core: {@link io.pekonode.engine.core.ProtocolCore} is a deterministic state
 * machine fed messages, timer ticks and commands, each with the current time, and an injected random
 * source; it answers with messages to send ({@link io.pekonode.engine.core.OutboundMessage}), events
 * and its next wake-up. {@link io.pekonode.engine.core.CoreContext} is what its components share:
 * settings, randomness, the rumor queue, the output buffers and the counters ({@link io.pekonode.engine.core.CoreStats}).
 *
 * <p>One concern per sub-package: {@code membership} (the member table and SWIM's rules),
 * {@code failure} (probing and Lifeguard), {@code gossip} (rumor dissemination), {@code metadata}
 * (the replicated map), {@code sync} (push-pull anti-entropy and joining), {@code usermessages}
 * (user events and queries). Sub-packages depend on this package and on lower ones only
 * (membership at the bottom), never on each other in a circle.
 *
 * <p>May not touch: threads, sockets, sleeps, clocks, codecs, transports, the runtime or metrics
 * libraries. Exported to the test kit alone, whose simulator drives it under virtual time.
 */
package io.pekonode.engine.core;
