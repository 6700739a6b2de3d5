/**
 * The consensus API over HTTP, independent of any HTTP server: {@link io.pekonode.consensus.http.ConsensusHttpApi}
 * turns a method, path, query and body into a status, headers and a body, so any server (the agent's,
 * or one embedded in a service) can mount it under {@code /v1/consensus/}.
 */
package io.pekonode.consensus.http;
