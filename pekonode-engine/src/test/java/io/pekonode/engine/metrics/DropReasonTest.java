package io.pekonode.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Transport rejection texts carry peer-chosen figures; their tags must not. */
class DropReasonTest {

    @Test
    void transportReasonsKeepTheirWordsAndLoseTheirFigures() {
        assertEquals("transport_frame_too_large",
                DropReason.transport("frame too large: 4266578405 bytes declared, limit 8388608"));
        assertEquals("transport_frame_too_large",
                DropReason.transport("frame too large: 1108368064 bytes declared, limit 8388608"));
        assertEquals("transport_connection_limit_of_reached", DropReason.transport("connection limit of 256 reached"));
        assertEquals("transport_no_frame_within_ms_of_connecting", DropReason.transport("no frame within 2000 ms of connecting"));
        assertEquals("transport_unknown", DropReason.transport(null));
        assertEquals("transport_unknown", DropReason.transport(": 42"));
    }
}
