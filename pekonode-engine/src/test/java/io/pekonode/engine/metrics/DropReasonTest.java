package io.pekonode.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Transport losses arrive as typed reasons; each maps to one stable tag, and the tags of the former
 * free-text reasons keep their values so existing dashboards go on matching.
 */
class DropReasonTest {

    @Test
    void transportRejectionsKeepTheTagsTheirFormerTextsHad() {
        assertEquals("transport_frame_too_large", DropReason.of(RejectReason.FRAME_TOO_LARGE));
        assertEquals("transport_connection_limit_of_reached", DropReason.of(RejectReason.CONNECTION_LIMIT));
        assertEquals("transport_no_frame_within_ms_of_connecting", DropReason.of(RejectReason.NO_FIRST_FRAME));
        assertEquals("transport_frame_not_completed_within_ms", DropReason.of(RejectReason.FRAME_TIMEOUT));
        assertEquals("transport_unknown_frame_type", DropReason.of(RejectReason.UNKNOWN_FRAME_TYPE));
        assertEquals("transport_connection_closed_in_the_middle_of_a_frame", DropReason.of(RejectReason.TRUNCATED_FRAME));
        assertEquals("transport_inbound_connection_displaced_at_the_connection_limit",
                DropReason.of(RejectReason.CONNECTION_DISPLACED));
        assertEquals("transport_oversized_packet", DropReason.of(RejectReason.OVERSIZED_PACKET));
        assertEquals("transport_circuit_open", DropReason.of(SendDropReason.CIRCUIT_OPEN));
        assertEquals("transport_unknown", DropReason.of((RejectReason) null));
        assertEquals("transport_unknown", DropReason.of((SendDropReason) null));
    }

    @Test
    void everyTransportReasonHasItsOwnTagAndIsRegisteredUpFront() {
        List<String> tags = Stream.concat(Arrays.stream(RejectReason.values()).map(DropReason::of),
                Arrays.stream(SendDropReason.values()).map(DropReason::of)).toList();
        Set<String> distinct = new HashSet<>(tags);
        assertEquals(tags.size(), distinct.size(), "one tag per reason: " + tags);
        assertTrue(tags.stream().allMatch(tag -> tag.startsWith("transport_")), tags.toString());
        assertTrue(DropReason.known().containsAll(tags), "every reason shows at zero before its first drop");
        assertTrue(DropReason.known().contains(DropReason.CIRCUIT_OPENED));
        assertTrue(DropReason.known().size() <= CounterFamily.MAX_VALUES, "all fit the meter's tag budget");
    }
}
