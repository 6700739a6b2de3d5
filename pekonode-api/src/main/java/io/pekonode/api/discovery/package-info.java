/**
 * Service discovery on top of member tags (the etcd use case of a gossip cluster): a member
 * announces that it offers service {@code NAME} on port {@code PORT} by publishing the tag
 * {@code service.NAME=PORT}; any node lists the live members offering a service, or watches the
 * list change as members come, go and update their tags.
 *
 * <p>Built on {@link io.pekonode.api.Cluster} alone, so it works with any implementation.
 */
package io.pekonode.api.discovery;
