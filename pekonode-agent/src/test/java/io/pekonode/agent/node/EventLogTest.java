package io.pekonode.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console event log: one human line per event, warnings for what needs attention. */
class EventLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Logger logger;
    private AbstractAppender capture;

    @BeforeEach
    void capture() {
        logger = (Logger) LogManager.getLogger(EventLog.LOGGER);
        capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " [" + event.getContextData().getValue(Logs.NODE_KEY) + "] "
                        + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        logger.addAppender(capture);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.removeAppender(capture);
    }

    @Test
    void eachEventIsOneReadableLine() {
        Member web = new Member("3f2a9c1e-aaaa", "web-2", new NodeAddress("10.0.0.2", 7946), Map.of("role", "web"),
                MemberState.ALIVE, 0);
        EventLog log = new EventLog("web-1");
        log.onEvent(new ClusterEvent.MemberJoined(web));
        log.onEvent(new ClusterEvent.MemberSuspected(web.withState(MemberState.SUSPECT)));
        log.onEvent(new ClusterEvent.MemberRecovered(new Member(web.id(), web.name(), web.address(), web.tags(),
                MemberState.ALIVE, 1)));
        log.onEvent(new ClusterEvent.MemberFailed(web.withState(MemberState.DEAD)));
        log.onEvent(new ClusterEvent.MemberLeft(web.withState(MemberState.LEFT)));
        log.onEvent(new ClusterEvent.MemberUpdated(web));
        HlcTimestamp version = new HlcTimestamp(5, 1, "3f2a9c1e-aaaa");
        log.onEvent(new ClusterEvent.MetadataChanged("color", "blue".getBytes(StandardCharsets.UTF_8), version));
        log.onEvent(new ClusterEvent.MetadataChanged("color", null, version));

        assertEquals(List.of(
                "INFO [web-1] member joined: web-2 (3f2a9c1e) at 10.0.0.2:7946, ALIVE, incarnation 0, tags role=web",
                "WARN [web-1] member suspected: web-2 (3f2a9c1e) missed its probes; failed unless it refutes soon",
                "INFO [web-1] member recovered: web-2 (3f2a9c1e) refuted the suspicion (incarnation 1)",
                "WARN [web-1] member failed: web-2 (3f2a9c1e) at 10.0.0.2:7946 is declared dead",
                "INFO [web-1] member left: web-2 (3f2a9c1e) at 10.0.0.2:7946 left the cluster",
                "INFO [web-1] member updated: web-2 (3f2a9c1e) at 10.0.0.2:7946, ALIVE, incarnation 0, tags role=web",
                "INFO [web-1] metadata set: key 'color' = \"blue\" (4 bytes, version 5.1@3f2a9c1e-aaaa)",
                "INFO [web-1] metadata removed: key 'color' (version 5.1@3f2a9c1e-aaaa)"), lines);
    }
}
