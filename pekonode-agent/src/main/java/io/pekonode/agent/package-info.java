/**
 * The {@code pekonode} command's entry point ({@link io.pekonode.agent.Main}): builds the command
 * line and runs it. The only package that exits the JVM; the others return exit codes.
 */
package io.pekonode.agent;
