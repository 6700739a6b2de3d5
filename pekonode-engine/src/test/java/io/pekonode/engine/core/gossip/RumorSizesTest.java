package io.pekonode.engine.core.gossip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Rumor;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RumorSizesTest {

    private static final String UUID_A = "3f2b8c1e-9d4a-4e7b-8f6a-1c2d3e4f5a6b";
    private static final String UUID_B = "a1b2c3d4-e5f6-4789-8abc-def012345678";

    static Member plainMember() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("role", "web");
        tags.put("dc", "eu-west-1");
        return new Member(UUID_A, "node-1", new NodeAddress("10.0.0.1", 7946), tags, MemberState.ALIVE, Long.MAX_VALUE);
    }

    static Member awkwardMember() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("quote\"back\\slash", "tab\tnewline\ncontrol\u0001del\u007f");
        tags.put("ключ", "値🙂<html>&'=");
        return new Member("ノード🙂", "名前 \"with\" quotes", new NodeAddress("fe80::1%eth0", 65535), tags,
                MemberState.SUSPECT, Long.MIN_VALUE); // the longest decimal long
    }

    static List<Rumor> samples() {
        HlcTimestamp big = new HlcTimestamp(Long.MAX_VALUE, Integer.MAX_VALUE, UUID_B);
        return List.of(
                new MemberRumor(plainMember(), UUID_B),
                new MemberRumor(awkwardMember(), "reporter-ü"),
                new MemberRumor(new Member("", "", new NodeAddress("h", 0), Map.of(), MemberState.DEAD, 0), ""),
                new MetadataRumor(MetadataEntry.tombstone("deleted/key", big)),
                new MetadataRumor(new MetadataEntry("", new byte[0], HlcTimestamp.ZERO)),
                new MetadataRumor(new MetadataEntry("k", new byte[1], big)),
                new MetadataRumor(new MetadataEntry("k", new byte[2], big)),
                new MetadataRumor(new MetadataEntry("k", new byte[3], big)),
                new MetadataRumor(new MetadataEntry("k", new byte[4], big)),
                new MetadataRumor(new MetadataEntry("schlüssel/ключ/🔑", new byte[1000], big)),
                new MetadataRumor(new MetadataEntry("blob", new byte[65536], big)));
    }

    @Test
    void neverUnderestimatesTheCodecLayoutWithWorstCaseEscaping() {
        for (Rumor rumor : samples()) {
            int estimate = RumorSizes.estimate(rumor);
            String rendered = WorstCaseJson.codecLayout(rumor);
            int actual = rendered.getBytes(UTF_8).length + 1; // + the list's comma
            assertTrue(estimate >= actual, "estimate " + estimate + " < " + actual + " for " + rendered);
        }
    }

    @Test
    void typicalRumorsAreEstimatedWithinOneAndAHalfTimesTheirCodecSize() {
        // Over-estimating wastes packet room and slows gossip; this keeps the bound honest.
        for (Rumor rumor : List.of(samples().get(0), samples().get(5), samples().get(9))) {
            int actual = WorstCaseJson.codecLayout(rumor).getBytes(UTF_8).length + 1;
            assertTrue(RumorSizes.estimate(rumor) * 2 <= 3 * actual, RumorSizes.estimate(rumor) + " vs " + actual);
        }
    }

    @Test
    void everyEstimateIsAtLeastTheAdvertisedMinimum() {
        for (Rumor rumor : samples()) {
            assertTrue(RumorSizes.estimate(rumor) >= RumorSizes.MIN_RUMOR_ESTIMATE, rumor.toString());
        }
        assertTrue(RumorSizes.MIN_RUMOR_ESTIMATE > 50, "a rumor cannot be that small: " + RumorSizes.MIN_RUMOR_ESTIMATE);
    }

    @Test
    void largeValuesCostTheirBase64SizePlusAFixedOverhead() {
        HlcTimestamp v = new HlcTimestamp(1, 0, "n");
        int small = RumorSizes.estimate(new MetadataRumor(new MetadataEntry("k", new byte[0], v)));
        int large = RumorSizes.estimate(new MetadataRumor(new MetadataEntry("k", new byte[30_000], v)));
        assertEquals(40_000, large - small, "the value is base64: 4 bytes per 3, and nothing more");
    }

    @Test
    void memberEstimateCoversItsRenderingToo() {
        for (Member m : List.of(plainMember(), awkwardMember())) {
            int actual = WorstCaseJson.member(m).getBytes(UTF_8).length + 1;
            assertTrue(RumorSizes.estimate(m) >= actual, m.toString());
        }
    }

    @Test
    void stringBoundChargesSixBytesOnlyWhereEscapingCanCostThat() {
        assertEquals(2 + 5, RumorSizes.string("plain"));
        assertEquals(2 + 2 + 2, RumorSizes.string("\"\\"));
        assertEquals(2 + 6 * 3, RumorSizes.string("é🙂")); // one BMP char, one surrogate pair
        for (int n = 0; n < 50; n++) {
            assertEquals(Base64.getEncoder().encodeToString(new byte[n]).length(), RumorSizes.base64(n));
        }
    }

    /**
     * The JSON codec's compact layout (pekonode-codec-json MessageWriter) with worst-case escaping:
     * every non-ASCII or control character (and the HTML-sensitive ones) as {@code \}{@code uXXXX}.
     * The real codec's output for the same rumor is no larger.
     */
    static final class WorstCaseJson {

        static String member(Member m) {
            String rumor = codecLayout(new MemberRumor(m, ""));
            // Same fields without the rumor's type and reporter.
            return rumor.replace("{\"t\":\"mem\",", "{").replace(",\"by\":\"\"}", "}");
        }

        /** The JSON codec's layout (pekonode-codec-json MessageWriter), with worst-case escaping. */
        static String codecLayout(Rumor rumor) {
            if (rumor instanceof MemberRumor r) {
                Member m = r.member();
                String host = m.address().host().indexOf(':') >= 0 ? "[" + m.address().host() + "]" : m.address().host();
                StringBuilder tags = new StringBuilder("{");
                m.tags().forEach((k, v) -> tags.append(tags.length() > 1 ? "," : "").append(str(k)).append(':').append(str(v)));
                tags.append('}');
                return "{\"t\":\"mem\",\"id\":" + str(m.id()) + ",\"n\":" + str(m.name()) + ",\"a\":"
                        + str(host + ":" + m.address().port()) + ",\"s\":" + str(m.state().name()) + ",\"i\":"
                        + m.incarnation() + ",\"tags\":" + tags + ",\"by\":" + str(r.reporterId()) + "}";
            }
            MetadataEntry e = ((MetadataRumor) rumor).entry();
            String value = e.value() == null ? "null" : "\"" + Base64.getEncoder().encodeToString(e.value()) + "\"";
            HlcTimestamp v = e.version();
            return "{\"t\":\"meta\",\"k\":" + str(e.key()) + ",\"val\":" + value + ",\"ver\":["
                    + v.physicalMillis() + "," + v.logical() + "," + str(v.nodeId()) + "]}";
        }

        static String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c >= 0x7f || "<>&='".indexOf(c) >= 0) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
    }
}
