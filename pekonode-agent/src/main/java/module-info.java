/**
 * The runnable PekoNode node: the {@code pekonode} command line (agent, demo and client
 * subcommands), the agent's JSON HTTP API (on Jetty) with its Prometheus metrics, health checks and
 * event stream, and its console event log.
 *
 * <p>Transports and codecs are not required here: the engine finds them with {@code ServiceLoader},
 * and the launcher puts them on the module path, where service binding resolves them.
 */
module io.pekonode.agent {
    requires io.pekonode.engine;
    requires io.pekonode.consensus;
    requires info.picocli;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    // sun.misc.Signal: SIGHUP reloads the agent's configuration.
    requires jdk.unsupported;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires micrometer.registry.prometheus;
    requires java.net.http;

    // picocli reads and writes the annotated command fields reflectively.
    opens io.pekonode.agent.cli to info.picocli;
    // Jackson serialises the HTTP API's response records.
    opens io.pekonode.agent.http to com.fasterxml.jackson.databind;

    exports io.pekonode.agent;
}
