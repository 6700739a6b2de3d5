/**
 * The member table and SWIM's membership rules: how news about a member (alive, suspect, dead or
 * left at an incarnation) changes the local view, when the local node refutes, and how a suspicion
 * (Lifeguard's dynamic timeout, {@link io.pekonode.engine.core.membership.Suspicion}) becomes a
 * death. {@link io.pekonode.engine.core.membership.MemberTable} keeps O(1) lookup and sampling.
 *
 * <p>The lowest of the core's concerns: it knows no probing, gossip scheduling or metadata. What it
 * needs from failure detection (a last-chance probe, the local-health cost of a refutation) comes
 * in as callbacks, so this package imports none of its siblings.
 */
package io.pekonode.engine.core.membership;
