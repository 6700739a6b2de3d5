/**
 * The build's own tool, not published: links the agent's Java runtime, assembles the distribution
 * tarball and builds the container image. It reports progress on standard output, which is how a
 * build step talks to Maven; the libraries log through log4j-api instead.
 */
module io.pekonode.dist {
    requires java.net.http;
}
