/**
 * What a node reports to the application: {@link io.pekonode.api.event.ClusterEvent} (a sealed set
 * of records: members joining, changing, suspected, failing, leaving; metadata changes; user events
 * received), the {@link io.pekonode.api.event.ClusterListener} that receives them and the
 * {@link io.pekonode.api.event.Subscription} that ends a registration.
 *
 * <p>Events are values; how and on which thread they are delivered is the implementation's contract,
 * stated on {@code Cluster.subscribe}.
 */
package io.pekonode.api.event;
