/**
 * Serf-style handler commands: {@code --event-handler} and {@code --query-handler} run a shell
 * command per user event or query, with the payload on stdin, a timeout that kills the whole
 * process tree, and a bounded queue.
 *
 * <p>Subscribes and answers through the {@code Cluster} API only; never blocks the node's threads.
 */
package io.pekonode.agent.handlers;
