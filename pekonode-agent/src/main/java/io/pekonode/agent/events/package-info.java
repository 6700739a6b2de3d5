/**
 * The agent's vocabulary for cluster events ({@code member-join}, {@code user}, {@code query}...),
 * shared by the event handlers and the event stream.
 *
 * <p>Depends on the API's event types alone.
 */
package io.pekonode.agent.events;
