/**
 * The command line (picocli): the {@code agent} command and its options, and the client commands
 * ({@code members}, {@code kv}, {@code event}, {@code query}, {@code services}, {@code leave}) that
 * talk to a running agent over HTTP.
 *
 * <p>Parses, validates and prints; running a node is {@code node}'s job and talking HTTP is
 * {@code client}'s. Client commands never touch the engine.
 */
package io.pekonode.agent.cli;
