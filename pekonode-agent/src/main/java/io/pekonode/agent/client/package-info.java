/**
 * The HTTP client the client commands use to reach an agent's API: every call returns status and
 * body, and only "nobody answered" is an exception.
 *
 * <p>Knows the API's paths and nothing of the engine or the cluster.
 */
package io.pekonode.agent.client;
