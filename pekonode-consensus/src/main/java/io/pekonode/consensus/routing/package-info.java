/**
 * Getting a call to the leader from any node: pick the leader (or a voter), follow redirects, back off
 * while there is no leader, and stop at the deadline. A write is retried only when it is known not to
 * have been accepted, so no write is applied twice.
 */
package io.pekonode.consensus.routing;
