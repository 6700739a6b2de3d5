package io.pekonode.engine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.engine.core.membership.Membership.ForceLeaveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single-node behaviour of the core, driven message by message with a virtual clock. */
class ProtocolCoreTest {
    private static final NodeAddress SELF_ADDR = new NodeAddress("10.0.0.1", 7946);
    private static final NodeAddress PEER_ADDR = new NodeAddress("10.0.0.2", 7946);
    private static final Origin PEER = new Origin("peer", PEER_ADDR);

    private final ClusterConfig config = ClusterConfig.lan().build();
    private ProtocolCore core;
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<OutboundMessage> sent = new ArrayList<>();
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        core = new ProtocolCore(config, new LocalNode("self", "self", SELF_ADDR, Map.of(), 0), 1400,
                new SplittableRandom(42));
        core.start(now);
        core.join(now, List.of());
        drain();
    }

    private void drain() {
        events.addAll(core.drainEvents());
        sent.addAll(core.drainOutbound());
    }

    private void receive(io.pekonode.api.spi.wire.WireMessage m) {
        core.receive(now, m);
        drain();
    }

    private void advance(long millis) {
        long end = now + millis;
        while (true) {
            long wake = core.nextWakeupMillis();
            if (wake > end) {
                break;
            }
            now = Math.max(now, wake);
            core.tick(now);
            drain();
        }
        now = end;
    }

    private static Member member(String id, NodeAddress addr, MemberState state, long inc) {
        return new Member(id, id, addr, Map.of(), state, inc);
    }

    private void gossip(Member m, String reporter) {
        receive(new Gossip(PEER, List.<Rumor>of(new MemberRumor(m, reporter))));
    }

    private Member view(String id) {
        return core.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void newAliveMemberIsAddedAndAnnounced() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        assertEquals(MemberState.ALIVE, view("peer").state());
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberJoined j && j.member().id().equals("peer")));
    }

    @Test
    void suspicionOfSelfIsRefutedWithAHigherIncarnation() {
        gossip(member("self", SELF_ADDR, MemberState.SUSPECT, 0), "peer");
        assertEquals(1, core.localMember().incarnation());
        assertEquals(MemberState.ALIVE, core.localMember().state());
        assertEquals(1, core.stats().refutations());
    }

    @Test
    void refutingASuspicionOfSelfRaisesTheLocalHealthScore() {
        assertEquals(0, core.healthScore());
        gossip(member("self", SELF_ADDR, MemberState.SUSPECT, 0), "peer");
        assertEquals(1, core.healthScore(), "others could not reach us: Lifeguard counts it against our own health");
    }

    @Test
    void deathOfSelfFromThePreviousLifeIsOutranked() {
        gossip(member("self", SELF_ADDR, MemberState.DEAD, 7), "peer");
        assertEquals(8, core.localMember().incarnation());
    }

    @Test
    void staleSuspicionIsIgnored() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 5), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.SUSPECT, 4), "x");
        assertEquals(MemberState.ALIVE, view("peer").state());
    }

    @Test
    void suspectedMemberIsDeclaredFailedAfterTheSuspicionTimeoutUnlessItRefutes() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("other", new NodeAddress("10.0.0.3", 7946), MemberState.ALIVE, 1), "other");
        gossip(member("peer", PEER_ADDR, MemberState.SUSPECT, 1), "other");
        assertEquals(MemberState.SUSPECT, view("peer").state());
        // Lifeguard's first suspicion timeout is at most max-multiplier x the minimum.
        long min = (long) (config.failureDetection().suspicionMultiplier() * 1.0
                * config.failureDetection().probeInterval().toMillis());
        advance(min * config.failureDetection().suspicionMaxTimeoutMultiplier() + 10);
        assertEquals(MemberState.DEAD, view("peer").state());
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed f && f.member().id().equals("peer")));
    }

    @Test
    void refutationBeforeTheTimeoutRecoversTheMember() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.SUSPECT, 1), "other");
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 2), "peer");
        assertEquals(MemberState.ALIVE, view("peer").state());
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberRecovered));
        advanceWithPeerAnswering(60_000);
        assertFalse(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed));
    }

    @Test
    void answeredProbesNeverRaiseSuspicion() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        advanceWithPeerAnswering(120_000);
        assertTrue(core.stats().probesSent() >= 100);
        assertEquals(0, core.stats().suspicionsRaised());
    }

    /** Advances time while "peer" acks every probe sent to it. */
    private void advanceWithPeerAnswering(long millis) {
        advanceAnswering(PEER_ADDR::equals, millis);
    }

    @Test
    void gracefulLeaveIsReportedAsLeftNeverFailed() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.LEFT, 1), "peer");
        assertEquals(MemberState.LEFT, view("peer").state());
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberLeft));
        assertFalse(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed));
    }

    @Test
    void leftClaimedBySomeoneElseCountsAsDeath() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.LEFT, 1), "mallory");
        assertEquals(MemberState.DEAD, view("peer").state());
    }

    @Test
    void leaveAfterBeingBuriedUpgradesDeadToLeft() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.DEAD, 1), "other");
        gossip(member("peer", PEER_ADDR, MemberState.LEFT, 1), "peer");
        assertEquals(MemberState.LEFT, view("peer").state());
    }

    @Test
    void deadMemberComesBackWithAHigherIncarnation() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.DEAD, 1), "other");
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        assertEquals(MemberState.DEAD, view("peer").state(), "same incarnation cannot revive");
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 2), "peer");
        assertEquals(MemberState.ALIVE, view("peer").state());
    }

    @Test
    void previousLifeAtOurOwnAddressIsBuriedAtOnce() {
        gossip(member("old-self", SELF_ADDR, MemberState.ALIVE, 3), "peer");
        assertEquals(MemberState.DEAD, view("old-self").state());
    }

    @Test
    void pingForAnotherIdentityAtOurAddressIsNotAnswered() {
        receive(new Ping(PEER, 9, "old-self", List.of()));
        assertTrue(sent.stream().noneMatch(o -> o.message() instanceof Ack));
        receive(new Ping(PEER, 10, "self", List.of()));
        assertTrue(sent.stream().anyMatch(o -> o.message() instanceof Ack a && a.seq() == 10));
    }

    @Test
    void fullStateFromAPeerSuspectsInsteadOfBurying() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        Member third = member("third", new NodeAddress("10.0.0.3", 7946), MemberState.ALIVE, 1);
        gossip(third, "third");
        receive(new SyncRequest(PEER, false, List.of(third.withState(MemberState.DEAD)), MetadataDigest.EMPTY));
        assertEquals(MemberState.SUSPECT, view("third").state());
        assertTrue(sent.stream().anyMatch(o -> o.message() instanceof SyncResponse && o.reliable()));
    }

    @Test
    void publishChecksLimitsAtTheCall() {
        byte[] big = new byte[config.limits().maxValueBytes() + 1];
        assertThrows(PayloadTooLargeException.class, () -> core.publish(now, "k", big));
        assertTrue(core.read("k").isEmpty());
        core.publish(now, "k", new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, core.read("k").orElseThrow());
    }

    @Test
    void pausedNodeNeitherAnswersNorSendsAndRefutesOnResume() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        core.pause(now);
        sent.clear();
        receive(new Ping(PEER, 11, "self", List.of()));
        advance(10_000);
        assertTrue(sent.isEmpty(), "a paused node sends nothing: " + sent);
        core.resume(now);
        drain();
        assertEquals(1, core.localMember().incarnation());
    }

    @Test
    void unansweredProbeLeadsToIndirectProbesThenSuspicion() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("relay", new NodeAddress("10.0.0.3", 7946), MemberState.ALIVE, 1), "relay");
        sent.clear();
        advance(config.failureDetection().probeInterval().toMillis() * 3);
        assertTrue(sent.stream().anyMatch(o -> o.message() instanceof Ping));
        assertTrue(sent.stream().anyMatch(o -> o.message() instanceof io.pekonode.api.spi.wire.IndirectPing));
        assertTrue(core.stats().suspicionsRaised() >= 1);
    }

    @Test
    void refutationIsSentStraightToTheAccuser() {
        NodeAddress accuserAddr = new NodeAddress("10.0.0.9", 7946);
        gossip(member("accuser", accuserAddr, MemberState.ALIVE, 1), "accuser");
        sent.clear();
        gossip(member("self", SELF_ADDR, MemberState.SUSPECT, 0), "accuser");
        assertTrue(sent.stream().anyMatch(o -> o.to().equals(accuserAddr) && o.message() instanceof Gossip g
                && g.rumors().contains(new MemberRumor(core.localMember(), "self"))),
                "the accuser must hear the refutation directly: " + sent);
    }

    /** Pings sent to {@code to} that carry a claim about their target (the buddy rule). */
    private List<Ping> claimingPingsTo(NodeAddress to, MemberState claimed) {
        return sent.stream().filter(o -> o.to().equals(to) && o.message() instanceof Ping).map(o -> (Ping) o.message())
                .filter(p -> p.rumors().stream().anyMatch(r -> r instanceof MemberRumor m && m.member().id().equals(p.targetId())
                        && m.member().state() == claimed))
                .toList();
    }

    /**
     * Lifeguard's buddy rule: every probe of a member we hold suspect carries that suspicion, so a live
     * suspect learns of it from the probe itself and refutes straight back, instead of waiting for the
     * rumor to reach it. Without Lifeguard the same probes carry nothing about their target.
     */
    @Test
    void everyProbeOfASuspectCarriesTheSuspicionAndTheSuspectRefutesStraightBack() {
        NodeAddress suspectAddr = new NodeAddress("10.0.5.1", 7946);
        for (int i = 2; i <= 4; i++) {
            gossip(member("o" + i, new NodeAddress("10.0.5." + i, 7946), MemberState.ALIVE, 1), "o" + i);
        }
        gossip(member("s", suspectAddr, MemberState.ALIVE, 1), "s");
        gossip(member("s", suspectAddr, MemberState.SUSPECT, 1), "o2"); // someone else's accusation
        assertEquals(MemberState.SUSPECT, view("s").state());
        sent.clear();
        // Everyone answers but the suspect: within a round over the 4 members we probe it, directly and
        // over the reliable path, and (unconfirmed) give it a last chance before burying it.
        advanceAnswering(address -> !address.equals(suspectAddr), 5 * config.failureDetection().probeInterval().toMillis());
        List<Ping> toSuspect = sent.stream().filter(o -> o.to().equals(suspectAddr) && o.message() instanceof Ping)
                .map(o -> (Ping) o.message()).toList();
        assertFalse(toSuspect.isEmpty(), "the suspect was probed within a round");
        assertEquals(toSuspect, claimingPingsTo(suspectAddr, MemberState.SUSPECT),
                "every ping to the suspect carries the suspicion: " + toSuspect);
        assertEquals(MemberState.SUSPECT, ((MemberRumor) toSuspect.get(0).rumors().get(0)).member().state(),
                "the suspicion goes first, before any other piggybacked rumor");

        // On the suspect's side: a ping carrying its own suspicion is answered with the refutation
        // riding on the ack, straight to the prober.
        sent.clear();
        long suspectedIncarnation = core.localMember().incarnation();
        receive(new Ping(PEER, 21, "self", List.of(new MemberRumor(member("self", SELF_ADDR, MemberState.SUSPECT,
                suspectedIncarnation), "peer"))));
        assertEquals(1, core.stats().refutations(), "the suspected node refuted");
        assertTrue(core.localMember().incarnation() > suspectedIncarnation, "with a higher incarnation");
        assertTrue(sent.stream().anyMatch(o -> o.to().equals(PEER_ADDR) && o.message() instanceof Ack ack && ack.seq() == 21
                        && ack.rumors().contains(new MemberRumor(core.localMember(), "self"))),
                "the prober hears the refutation in the ack: " + sent);
    }

    @Test
    void withoutLifeguardProbesOfASuspectCarryNoClaimAboutIt() {
        core = new ProtocolCore(ClusterConfig.lan().failureDetection(fd -> fd.lifeguard(false)).build(),
                new LocalNode("self", "self", SELF_ADDR, Map.of(), 0), 1400, new SplittableRandom(42));
        core.start(now);
        core.join(now, List.of());
        drain();
        NodeAddress suspectAddr = new NodeAddress("10.0.5.1", 7946);
        gossip(member("o2", new NodeAddress("10.0.5.2", 7946), MemberState.ALIVE, 1), "o2");
        gossip(member("s", suspectAddr, MemberState.ALIVE, 1), "s");
        gossip(member("s", suspectAddr, MemberState.SUSPECT, 1), "o2");
        sent.clear();
        advanceAnswering(address -> !address.equals(suspectAddr), 3 * config.failureDetection().probeInterval().toMillis());
        assertTrue(sent.stream().anyMatch(o -> o.to().equals(suspectAddr) && o.message() instanceof Ping ping
                && ping.rumors().isEmpty()), "probed, with nothing about itself: " + sent);
    }

    @Test
    void afterADeadMemberComesBackTheOthersStillHeldDeadArePingedWithTheirDeath() {
        NodeAddress lostAddr = new NodeAddress("10.0.0.7", 7946);
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("lost", lostAddr, MemberState.ALIVE, 1), "lost");
        gossip(member("peer", PEER_ADDR, MemberState.DEAD, 1), "other");
        gossip(member("lost", lostAddr, MemberState.DEAD, 1), "other");
        long period = config.failureDetection().probeInterval().toMillis();
        sent.clear();
        advance(5 * period);
        assertEquals(List.of(), claimingPingsTo(lostAddr, MemberState.DEAD), "a death alone never sends pings to the dead");

        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 2), "peer"); // back: a partition healed
        advance(2 * period);
        assertFalse(claimingPingsTo(lostAddr, MemberState.DEAD).isEmpty(),
                "the member still held dead hears, within a period or two, that we hold it dead");

        // A live one answers with its higher incarnation, which revives it here.
        gossip(member("lost", lostAddr, MemberState.ALIVE, 2), "lost");
        assertEquals(MemberState.ALIVE, view("lost").state());
        advance(config.antiEntropy().pushPullInterval().toMillis());
        sent.clear();
        gossip(member("lost", lostAddr, MemberState.DEAD, 2), "other");
        advance(5 * period);
        assertEquals(List.of(), claimingPingsTo(lostAddr, MemberState.DEAD),
                "one push-pull interval after the last return, the dead are left alone again");
    }

    @Test
    void aPingCarryingAnOldDeathOfOursIsAnsweredWithOurNewerIncarnationStraightBack() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("self", SELF_ADDR, MemberState.DEAD, 0), "other");
        assertEquals(1, core.localMember().incarnation());
        sent.clear();
        receive(new Ping(PEER, 12, "self", List.of(new MemberRumor(member("self", SELF_ADDR, MemberState.DEAD, 0), "peer"))));
        assertTrue(sent.stream().anyMatch(o -> o.to().equals(PEER_ADDR) && o.message() instanceof Gossip g
                && g.rumors().contains(new MemberRumor(core.localMember(), "self"))),
                "the peer still holding our old death hears our incarnation 1 directly: " + sent);
    }

    @Test
    void ourOwnFailedProbeConfirmsAnExistingSuspicionAndShortensIt() {
        for (int i = 3; i <= 6; i++) {
            gossip(member("m" + i, new NodeAddress("10.0.0." + i, 7946), MemberState.ALIVE, 1), "m" + i);
        }
        long suspectedAt = now;
        gossip(member("m3", new NodeAddress("10.0.0.3", 7946), MemberState.SUSPECT, 1), "m4");
        // Nobody answers our probes, so within a round we fail to reach m3 ourselves: an independent
        // confirmation. Unconfirmed, Lifeguard's timeout would be the maximum (6 x 4 s = 24 s).
        long maxTimeout = 6L * 4 * config.failureDetection().probeInterval().toMillis();
        advance(maxTimeout - 4_000);
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed f && f.member().id().equals("m3")),
                "m3 should be dead well before the unconfirmed timeout (" + (now - suspectedAt) + " ms)");
    }

    @Test
    void aMemberThatJoinsMidRoundIsProbedWithinThatRound() {
        for (int i = 0; i < 60; i++) {
            gossip(member("m" + i, new NodeAddress("10.0.1." + i, 7946), MemberState.ALIVE, 1), "m" + i);
        }
        advanceWithEveryoneAnswering(3 * config.failureDetection().probeInterval().toMillis());
        NodeAddress lateAddr = new NodeAddress("10.0.2.1", 7946);
        gossip(member("late", lateAddr, MemberState.ALIVE, 1), "late");
        sent.clear();
        // The rest of the current round: 57 members still to probe (before the fix, "late" waited
        // for the next round, up to N periods more).
        long probedLateAt = -1;
        long start = now;
        while (now - start < 58 * config.failureDetection().probeInterval().toMillis() && probedLateAt < 0) {
            advanceWithEveryoneAnswering(config.failureDetection().probeInterval().toMillis());
            if (sent.stream().anyMatch(o -> o.to().equals(lateAddr) && o.message() instanceof Ping)) {
                probedLateAt = now - start;
            }
        }
        assertTrue(probedLateAt >= 0, "the late joiner was not probed in the round it joined");
    }

    /** Runs on time, acking nothing, until a direct probe of {@code to} goes out; returns it. */
    private Ping advanceUntilProbed(NodeAddress to) {
        int seen = sent.size();
        for (int turn = 0; turn < 10_000; turn++) {
            now = Math.max(now, core.nextWakeupMillis());
            core.tick(now);
            drain();
            for (OutboundMessage o : sent.subList(seen, sent.size())) {
                if (o.message() instanceof Ping p && o.to().equals(to) && !o.reliable()) {
                    return p;
                }
            }
            seen = sent.size();
        }
        throw new AssertionError("no probe of " + to);
    }

    @Test
    void aProbeThatEndedWhileThisNodeRanLateFirstReadsWhatArrivedMeanwhile() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        Ping probe = advanceUntilProbed(PEER_ADDR);
        // The node gets no CPU for 3 s: its next turn comes long after the probe's end (1 s), while the
        // peer's ack waits in its socket, read only after the protocol thread's turn.
        now += 3_000;
        core.tick(now);
        drain();
        assertEquals(0, core.stats().suspicionsRaised(), "a late turn alone is no evidence against the peer");
        assertEquals(1, core.stats().get(CoreStats.Counter.PROBE_VERDICTS_PUT_OFF));
        assertEquals(1, core.healthScore(), "running late is local trouble, which Lifeguard's score records");
        now += 5;
        receive(new Ack(new Origin("peer", PEER_ADDR), probe.seq(), List.of()));
        advanceWithEveryoneAnswering(10_000);
        assertEquals(0, core.stats().suspicionsRaised());
        assertEquals(MemberState.ALIVE, view("peer").state());
    }

    @Test
    void aProbePutOffForARunningLateStillFailsWhenNoAckComes() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        advanceUntilProbed(PEER_ADDR);
        now += 3_000;
        core.tick(now);
        drain();
        assertEquals(0, core.stats().suspicionsRaised());
        // On time from here: the extra probe timeout passes without an ack, and the verdict stands.
        advance(config.failureDetection().probeTimeout().toMillis() + 1);
        assertEquals(1, core.stats().suspicionsRaised(), "put off once, not forgiven");
        assertEquals(MemberState.SUSPECT, view("peer").state());
    }

    @Test
    void aFailedProbeWhoseReliableCopyWasRefusedDeclaresTheMemberDeadWithoutASuspicion() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        advanceUntilProbed(PEER_ADDR);
        advance(config.failureDetection().probeTimeout().toMillis());
        assertTrue(sent.stream().anyMatch(o -> o.reliable() && o.to().equals(PEER_ADDR) && o.message() instanceof Ping),
                "the probe went over the reliable path too");
        core.connectionRefused(now, PEER_ADDR);
        drain();
        assertEquals(MemberState.ALIVE, view("peer").state(), "the verdict waits for the probe's end");

        advance(config.failureDetection().probeInterval().toMillis());

        assertEquals(MemberState.DEAD, view("peer").state());
        assertEquals(0, core.stats().suspicionsRaised(), "no suspicion to wait out");
        assertEquals(1, core.stats().get(CoreStats.Counter.PROBES_REFUSED));
        assertEquals(0, core.healthScore(), "a refusal is the target's host answering: no sign of local trouble");
        assertTrue(events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed f && f.member().id().equals("peer")));
        assertTrue(rumorsSent().stream().anyMatch(r -> r instanceof MemberRumor m && m.member().id().equals("peer")
                && m.member().state() == MemberState.DEAD), "the death is gossiped");
    }

    @Test
    void anAckByTheProbesEndStillProvesARefusedMemberAlive() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        Ping probe = advanceUntilProbed(PEER_ADDR);
        advance(config.failureDetection().probeTimeout().toMillis());
        core.connectionRefused(now, PEER_ADDR);
        now += 100;
        receive(new Ack(new Origin("relay", new NodeAddress("10.0.0.3", 7946)), probe.seq(), List.of()));

        advance(config.failureDetection().probeInterval().toMillis());

        assertEquals(MemberState.ALIVE, view("peer").state());
        assertEquals(0, core.stats().get(CoreStats.Counter.PROBES_REFUSED));
        assertEquals(0, core.stats().suspicionsRaised());
    }

    @Test
    void aRefusalOutsideTheProbeOfThatMemberIsNoEvidence() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        core.connectionRefused(now, PEER_ADDR); // before any probe, e.g. a message to the member
        core.connectionRefused(now, new NodeAddress("10.0.0.9", 7946));
        advanceUntilProbed(PEER_ADDR);
        core.connectionRefused(now, new NodeAddress("10.0.0.9", 7946)); // during the probe, another address

        advance(config.failureDetection().probeInterval().toMillis());

        assertEquals(MemberState.SUSPECT, view("peer").state(), "an unanswered probe alone only raises a suspicion");
        assertEquals(0, core.stats().get(CoreStats.Counter.PROBES_REFUSED));
    }

    @Test
    void withRefusalsIgnoredARefusedProbeOnlyRaisesASuspicion() {
        ClusterConfig ignoring = config.toBuilder().failureDetection(fd -> fd.failOnConnectionRefused(false)).build();
        core = new ProtocolCore(ignoring, new LocalNode("self", "self", SELF_ADDR, Map.of(), 0), 1400,
                new SplittableRandom(42));
        core.start(now);
        core.join(now, List.of());
        drain();
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        advanceUntilProbed(PEER_ADDR);
        advance(config.failureDetection().probeTimeout().toMillis());
        core.connectionRefused(now, PEER_ADDR);

        advance(config.failureDetection().probeInterval().toMillis());

        assertEquals(MemberState.SUSPECT, view("peer").state());
        assertEquals(0, core.stats().get(CoreStats.Counter.PROBES_REFUSED));
    }

    /** Advances time while every probed member acks (so nobody is suspected). */
    private void advanceWithEveryoneAnswering(long millis) {
        advanceAnswering(address -> true, millis);
    }

    /** Advances time, acking every direct probe sent to an address that {@code answers}. */
    private void advanceAnswering(java.util.function.Predicate<NodeAddress> answers, long millis) {
        long end = now + millis;
        int seen = sent.size();
        while (core.nextWakeupMillis() <= end) {
            now = Math.max(now, core.nextWakeupMillis());
            core.tick(now);
            drain();
            List<OutboundMessage> fresh = List.copyOf(sent.subList(seen, sent.size()));
            for (OutboundMessage o : fresh) {
                if (o.message() instanceof Ping p && answers.test(o.to())) {
                    receive(new Ack(new Origin(p.targetId(), o.to()), p.seq(), List.of()));
                }
            }
            seen = sent.size();
        }
        now = end;
    }

    @Test
    void restoredMembersAndMetadataAreKnownWithoutGossipOrEvents() {
        int queued = core.pendingBroadcasts();
        Member alive = member("a", new NodeAddress("10.0.3.1", 7946), MemberState.ALIVE, 4);
        Member suspect = member("s", new NodeAddress("10.0.3.2", 7946), MemberState.SUSPECT, 2);
        Member dead = member("d", new NodeAddress("10.0.3.3", 7946), MemberState.DEAD, 1);
        core.restoreMembers(now, List.of(alive, suspect, dead, core.localMember().withState(MemberState.DEAD)));
        io.pekonode.api.spi.wire.MetadataEntry entry = new io.pekonode.api.spi.wire.MetadataEntry("k", new byte[] {7},
                new io.pekonode.api.HlcTimestamp(5, 0, "a"));
        core.restoreMetadata(now, List.of(entry));
        drain();
        assertEquals(queued, core.pendingBroadcasts(), "restored state is not news");
        assertTrue(events.isEmpty(), "no events for restored state: " + events);
        assertEquals(MemberState.ALIVE, view("a").state());
        assertEquals(MemberState.ALIVE, view("s").state(), "a suspicion is not restored without its timer");
        assertEquals(MemberState.DEAD, view("d").state());
        assertEquals(MemberState.ALIVE, core.localMember().state(), "the local node is never restored over");
        assertArrayEquals(new byte[] {7}, core.read("k").orElseThrow());
        assertEquals(List.of(entry), core.metadataEntries());
    }

    @Test
    void anUnconfirmedSuspicionOfOurOwnIsVerifiedBeforeTheMemberIsBuried() {
        NodeAddress peerAddr = new NodeAddress("10.0.4.1", 7946);
        for (int i = 2; i <= 5; i++) {
            gossip(member("o" + i, new NodeAddress("10.0.4." + i, 7946), MemberState.ALIVE, 1), "o" + i);
        }
        gossip(member("p", peerAddr, MemberState.ALIVE, 1), "p");
        // Everyone but "p" answers; "p" is suspected by us alone, and nobody confirms it.
        long end = now + 60_000;
        boolean lastChanceSeen = false;
        while (now < end && view("p").state() != MemberState.DEAD) {
            now = core.nextWakeupMillis();
            core.tick(now);
            drain();
            for (OutboundMessage o : List.copyOf(sent)) {
                if (o.message() instanceof Ping ping && !o.to().equals(peerAddr)) {
                    receive(new Ack(new Origin(ping.targetId(), o.to()), ping.seq(), List.of()));
                }
                // The last-chance probe is the only one that asks relays without wanting nacks.
                if (o.message() instanceof io.pekonode.api.spi.wire.IndirectPing ip && ip.targetId().equals("p")
                        && !ip.nackWanted()) {
                    lastChanceSeen = true;
                }
            }
            sent.clear();
        }
        assertTrue(lastChanceSeen, "the suspect was probed with the accusation before it was buried");
        assertEquals(MemberState.DEAD, view("p").state(), "a member that stays silent is still buried");
    }

    @Test
    void aWriteRightAfterRestoringMetadataIsNewerThanTheRestoredVersion() {
        // A restarted node's clock may be behind the versions it saved (clock stepped back).
        io.pekonode.api.HlcTimestamp saved = new io.pekonode.api.HlcTimestamp(now + 60_000, 3, "zzz");
        core.restoreMetadata(now, List.of(new io.pekonode.api.spi.wire.MetadataEntry("k", new byte[] {1}, saved)));
        io.pekonode.api.HlcTimestamp written = core.publish(now, "k", new byte[] {2});
        assertTrue(written.isAfter(saved), written + " must be after " + saved);
        assertArrayEquals(new byte[] {2}, core.read("k").orElseThrow());
    }

    private List<Rumor> rumorsSent() {
        List<Rumor> rumors = new ArrayList<>();
        for (OutboundMessage out : sent) {
            if (out.message() instanceof Gossip g) {
                rumors.addAll(g.rumors());
            } else if (out.message() instanceof Ping p) {
                rumors.addAll(p.rumors());
            } else if (out.message() instanceof Ack a) {
                rumors.addAll(a.rumors());
            }
        }
        return rumors;
    }

    @Test
    void forceLeaveMarksAFailedMemberLeftAndSpreadsItAsTheMembersOwnLeave() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 3), "peer");
        gossip(member("other", new NodeAddress("10.0.0.3", 7946), MemberState.ALIVE, 1), "other");
        gossip(member("peer", PEER_ADDR, MemberState.DEAD, 3), "other");
        events.clear();
        sent.clear();

        assertEquals(ForceLeaveResult.LEFT, core.forceLeave(now, "peer", false));
        drain();
        assertEquals(MemberState.LEFT, view("peer").state());
        assertEquals(List.of(new ClusterEvent.MemberLeft(view("peer"))), events);
        advanceWithEveryoneAnswering(config.gossip().interval().toMillis() * 3);
        assertTrue(rumorsSent().stream().anyMatch(r -> r instanceof MemberRumor m && m.member().id().equals("peer")
                && m.member().state() == MemberState.LEFT && m.member().incarnation() == 3 && m.reporterId().equals("peer")),
                "the leave goes out in the member's own name, which receivers accept over dead");
    }

    @Test
    void forceLeaveRefusesLiveUnknownAndSelf() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        assertEquals(ForceLeaveResult.NOT_FAILED, core.forceLeave(now, "peer", false));
        assertEquals(ForceLeaveResult.NOT_FOUND, core.forceLeave(now, "nobody", true));
        assertEquals(ForceLeaveResult.NOT_FOUND, core.forceLeave(now, "self", true));
        assertEquals(MemberState.ALIVE, view("peer").state());
    }

    @Test
    void pruneForgetsADepartedMemberAtOnceWithAReapEvent() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.LEFT, 1), "peer");
        events.clear();
        assertEquals(ForceLeaveResult.PRUNED, core.forceLeave(now, "peer", true));
        drain();
        assertTrue(core.members().stream().noneMatch(m -> m.id().equals("peer")));
        assertEquals(1, events.stream().filter(e -> e instanceof ClusterEvent.MemberReaped r
                && r.member().id().equals("peer") && r.member().state() == MemberState.LEFT).count());
    }

    @Test
    void tombstonesPastTheRetentionAreReapedWithAnEvent() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        gossip(member("peer", PEER_ADDR, MemberState.LEFT, 1), "peer");
        events.clear();
        advanceWithEveryoneAnswering(config.antiEntropy().deadMemberRetention().toMillis()
                + 2 * config.antiEntropy().pushPullInterval().toMillis());
        assertTrue(core.members().stream().noneMatch(m -> m.id().equals("peer")), "reaped");
        assertEquals(1, events.stream().filter(e -> e instanceof ClusterEvent.MemberReaped r
                && r.member().id().equals("peer")).count());
    }

    @Test
    void anAckedProbeIsTimedOnTheCoresClock() {
        gossip(member("peer", PEER_ADDR, MemberState.ALIVE, 1), "peer");
        core.drainTimings();
        advance(config.failureDetection().probeInterval().toMillis() * 2);
        Ping ping = sent.stream().map(OutboundMessage::message).filter(m -> m instanceof Ping).map(m -> (Ping) m)
                .reduce((a, b) -> b).orElseThrow();
        now += 7;
        receive(new Ack(PEER, ping.seq(), List.of()));
        List<Timing> timings = core.drainTimings();
        assertTrue(timings.stream().anyMatch(t -> t.kind() == Timing.Kind.PROBE_ROUND_TRIP && t.millis() >= 7),
                timings.toString());
    }
}
