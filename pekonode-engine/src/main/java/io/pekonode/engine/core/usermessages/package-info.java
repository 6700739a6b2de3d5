/**
 * The core's side of user messages (Serf's user events and queries), behind
 * {@link io.pekonode.engine.core.usermessages.UserMessages}: stamping them with one Lamport clock,
 * spreading them as rumors, deduplicating them, coalescing events, expiring queries and listing the
 * queries this node must answer.
 *
 * <p>Direct messages, requests, replies and handlers never enter the core: they are the runtime's
 * ({@code io.pekonode.engine.runtime.messaging}). Nothing here runs user code.
 */
package io.pekonode.engine.core.usermessages;
