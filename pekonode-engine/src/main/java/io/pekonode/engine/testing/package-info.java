/**
 * Test support for applications that embed PekoNode: an in-memory network and transport that
 * connect nodes inside one JVM without sockets. See {@link io.pekonode.engine.testing.InMemoryNetwork}.
 */
package io.pekonode.engine.testing;
