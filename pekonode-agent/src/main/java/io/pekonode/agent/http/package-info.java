/**
 * The agent's HTTP API on Jetty: a small router with the token gate, one endpoint class per
 * resource, the response records Jackson writes, the Prometheus registry behind {@code /metrics},
 * the health checks, the event stream hub and its non-blocking sinks, the slow-request guard, TLS
 * from PEM files, and the user-event history behind {@code GET /v1/events}. Bad input gets a 4xx
 * with a JSON body, never a 500.
 *
 * <p>Works through the {@code Cluster} API, plus the engine's metrics binder, wire security and
 * force-leave; it starts no node itself ({@code node} does).
 */
package io.pekonode.agent.http;
