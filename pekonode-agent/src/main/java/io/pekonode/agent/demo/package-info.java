/**
 * What {@code pekonode demo} runs ({@link io.pekonode.agent.demo.DemoRun}; the command itself is in
 * {@code cli}): a local cluster of real nodes that forms, shares a key, answers a query and detects
 * a crash, narrated step by step.
 *
 * <p>Creates its nodes through the agent's {@code ClusterFactory} and talks to them through the
 * {@code Cluster} API only, so tests can run it against fakes.
 */
package io.pekonode.agent.demo;
