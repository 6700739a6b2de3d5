/**
 * The command line (picocli): the {@code agent} command, its options and where they come from
 * (flags, {@code PEKONODE_*} variables, the config file, SIGHUP), and the client commands
 * ({@code members}, {@code kv}, {@code event}, {@code query}, {@code services}, {@code leave},
 * {@code monitor}, {@code join}, {@code force-leave}, {@code tags}, {@code keys}, {@code info})
 * that talk to a running agent over HTTP, plus {@code keygen} and {@code completion}.
 *
 * <p>Parses, validates and prints; running a node is {@code node}'s job and talking HTTP is
 * {@code client}'s. Client commands never touch the engine.
 */
package io.pekonode.agent.cli;
