/**
 * Many real nodes in one JVM: an in-memory network and the {@code memory} transport that joins it,
 * for tests of applications that embed PekoNode. Pass {@link io.pekonode.testkit.memory.InMemoryNetwork#provider()}
 * to {@code PekoNode.builder(config).transportProvider(...)}; each test gets its own network.
 *
 * <p>Owns only the transport contract's in-memory side: it knows the API's transport SPI and
 * nothing of the engine, whose nodes run here exactly as over sockets.
 */
package io.pekonode.testkit.memory;
