/**
 * The runtime side of seed discovery: creating the configured sources through their plugins, and
 * the driver that asks them on its own thread and hands their answers to the protocol core, which
 * stays free of I/O. The built-in {@code static} source lives here too.
 */
package io.pekonode.engine.discovery;
