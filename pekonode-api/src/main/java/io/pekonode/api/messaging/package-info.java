/**
 * Messaging between nodes, beyond membership and metadata: direct messages and request/response
 * to one member, cluster-wide queries that collect answers, and the handlers that answer them.
 * User events (fire-and-forget broadcasts) are delivered as
 * {@link io.pekonode.api.event.ClusterEvent.UserEventReceived} to ordinary cluster listeners.
 *
 * <p>Every failure of a request completes its future with one subclass of
 * {@link io.pekonode.api.messaging.MessagingException}, so callers can tell them apart.
 *
 * <p>Types only: how messages travel (gossip for queries, the reliable path for requests) is the
 * engine's, and payloads are the application's bytes.
 */
package io.pekonode.api.messaging;
