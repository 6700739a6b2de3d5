package io.pekonode.api.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import io.pekonode.testkit.fake.FakeCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class ServicesTest {

    private final FakeCluster cluster = new FakeCluster(ClusterConfig.local().nodeName("self")
            .bind(new NodeAddress("10.0.0.1", 7946)).tag("role", "web").build(), "a-self");

    private static Member member(String id, String host, MemberState state, Map<String, String> tags) {
        return new Member(id, "name-" + id, new NodeAddress(host, 7946), tags, state, 1);
    }

    @Test
    void announceMergesTheServiceTagIntoTheLocalTags() {
        Services.announce(cluster, "api", 8080);
        assertEquals(Map.of("role", "web", "service.api", "8080"), cluster.localMember().tags());
        Services.announce(cluster, "db", 5432);
        assertEquals(Map.of("role", "web", "service.api", "8080", "service.db", "5432"), cluster.localMember().tags());
        assertEquals(2, cluster.tagUpdates());

        Services.announce(cluster, "db", 5432);
        assertEquals(2, cluster.tagUpdates(), "announcing the same port again gossips nothing");

        Services.withdraw(cluster, "api");
        assertEquals(Map.of("role", "web", "service.db", "5432"), cluster.localMember().tags());
        Services.withdraw(cluster, "api");
        assertEquals(3, cluster.tagUpdates(), "withdrawing an absent service gossips nothing");
    }

    @Test
    void invalidNamesAndPortsAreRejectedBeforeAnythingIsGossiped() {
        assertThrows(IllegalArgumentException.class, () -> Services.announce(cluster, "", 80));
        assertThrows(IllegalArgumentException.class, () -> Services.announce(cluster, "a=b", 80));
        assertThrows(IllegalArgumentException.class, () -> Services.announce(cluster, "x".repeat(65), 80));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> Services.announce(cluster, "api", 0));
        assertTrue(port.getMessage().contains("1..65535"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Services.announce(cluster, "api", 65536));
        assertEquals(0, cluster.tagUpdates());
        assertThrows(IllegalArgumentException.class, () -> Services.of(cluster).services("no spaces"));
    }

    @Test
    void servicesListsLiveMembersOfferingItWithHostFromTheirAddress() {
        Services.announce(cluster, "api", 8080);
        cluster.putMember(member("b", "10.0.0.2", MemberState.ALIVE, Map.of("service.api", "9090", "zone", "x")));
        cluster.putMember(member("c", "::1", MemberState.SUSPECT, Map.of("service.api", "80")));
        cluster.putMember(member("d", "10.0.0.4", MemberState.DEAD, Map.of("service.api", "80")));
        cluster.putMember(member("e", "10.0.0.5", MemberState.LEFT, Map.of("service.api", "80")));
        cluster.putMember(member("f", "10.0.0.6", MemberState.ALIVE, Map.of("service.api", "not-a-port")));
        cluster.putMember(member("g", "10.0.0.7", MemberState.ALIVE, Map.of("service.api", "70000")));
        cluster.putMember(member("h", "10.0.0.8", MemberState.ALIVE, Map.of("service.db", "5432")));

        List<ServiceInstance> api = Services.of(cluster).services("api");
        assertEquals(List.of("a-self", "b", "c"), api.stream().map(ServiceInstance::memberId).toList(),
                "dead, left, malformed and other services are left out; sorted by id");
        ServiceInstance b = api.get(1);
        assertEquals("api", b.service());
        assertEquals("name-b", b.memberName());
        assertEquals("10.0.0.2", b.host());
        assertEquals(9090, b.port());
        assertEquals("x", b.tags().get("zone"));
        assertEquals("10.0.0.2:9090", b.hostPort());
        assertEquals("[::1]:80", api.get(2).hostPort());
        assertEquals(List.of(), Services.of(cluster).services("cache"));
    }

    @Test
    void watchReportsTheCurrentListThenOnlyChanges() {
        List<List<String>> calls = new ArrayList<>();
        Subscription sub = Services.of(cluster).watch("api",
                list -> calls.add(list.stream().map(i -> i.memberId() + ":" + i.port()).toList()));
        assertEquals(List.of(List.of()), calls, "the first call carries the current (empty) list");

        cluster.putMember(member("b", "10.0.0.2", MemberState.ALIVE, Map.of("service.api", "9090")));
        assertEquals(List.of("b:9090"), calls.get(1));

        cluster.putMember(member("c", "10.0.0.3", MemberState.ALIVE, Map.of("role", "db")));
        cluster.putMember(member("b", "10.0.0.2", MemberState.SUSPECT, Map.of("service.api", "9090")));
        cluster.emit(new ClusterEvent.MetadataChanged("k", new byte[] {1}, new HlcTimestamp(1, 0, "x")));
        assertEquals(2, calls.size(), "other services, a suspicion and metadata change nothing: no call");

        Services.announce(cluster, "api", 8080);
        assertEquals(List.of("a-self:8080", "b:9090"), calls.get(2));

        cluster.putMember(member("b", "10.0.0.2", MemberState.ALIVE, Map.of("service.api", "9091")));
        assertEquals(List.of("a-self:8080", "b:9091"), calls.get(3), "a port change is a change");

        cluster.putMember(member("b", "10.0.0.2", MemberState.DEAD, Map.of("service.api", "9091")));
        assertEquals(List.of("a-self:8080"), calls.get(4));

        sub.close();
        assertEquals(0, cluster.listenerCount(), "closing the subscription stops the watch");
        Services.withdraw(cluster, "api");
        assertEquals(5, calls.size());
    }

    @Test
    void watchCanCallBackOnAnExecutor() {
        List<Runnable> queued = new ArrayList<>();
        Executor manual = queued::add;
        List<Integer> sizes = new ArrayList<>();
        Services.of(cluster).watch("api", list -> sizes.add(list.size()), manual);
        assertEquals(List.of(0), sizes, "the first call is made at once on the caller's thread");

        cluster.putMember(member("b", "10.0.0.2", MemberState.ALIVE, Map.of("service.api", "9090")));
        assertEquals(List.of(0), sizes, "later calls wait for the executor");
        queued.forEach(Runnable::run);
        assertEquals(List.of(0, 1), sizes);
    }
}
