/**
 * The agent's JSON HTTP API on the JDK's {@code HttpServer}: a small router, one endpoint class per
 * resource, the response records Jackson writes, and the user-event history behind
 * {@code GET /v1/events}. Bad input gets a 4xx with a JSON body, never a 500.
 *
 * <p>Works through the {@code Cluster} API, plus the engine's metrics binder and wire security for
 * {@code /v1/metrics} and {@code /v1/keyring}; it starts no node itself ({@code node} does).
 */
package io.pekonode.agent.http;
