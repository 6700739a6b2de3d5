/**
 * A fake {@link io.pekonode.api.Cluster} for unit tests of code written against the API (listeners,
 * handlers, service discovery, typed messaging), with no engine, sockets or timing: the test plays
 * the rest of the cluster and inspects what the code did. See {@link io.pekonode.testkit.fake.FakeCluster};
 * several fakes that message each other share a {@link io.pekonode.testkit.fake.FakeNetwork}.
 *
 * <p>Depends on the API alone. What the engine does that the fake does not (gossip, failure
 * detection, persistence) is listed in {@code FakeCluster}'s documentation; tests that need it run
 * real nodes over {@code io.pekonode.testkit.memory}.
 */
package io.pekonode.testkit.fake;
