package io.pekonode.agent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pekonode.api.Member;
import java.util.List;
import java.util.Map;

/** The JSON documents of the HTTP API, one record per shape. */
final class ApiModel {

    private ApiModel() {
    }

    /** One member in {@code GET /v1/members}. */
    record MemberView(String id, String name, String address, String state, long incarnation,
                      Map<String, String> tags) {
        static MemberView of(Member m) {
            return new MemberView(m.id(), m.name(), m.address().toString(), m.state().name(), m.incarnation(),
                    m.tags());
        }
    }

    record Members(List<MemberView> members) {
    }

    /**
     * {@code GET /v1/kv}: every live key with its value in standard base64; with {@code versions=true}
     * also the versions this agent knows ({@code millis.logical@writerId}), else no {@code versions} field.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Keys(Map<String, byte[]> keys, Map<String, String> versions) {
    }

    /** A write's hybrid-logical-clock version, {@code millis.logical@nodeId}. */
    record Version(String version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, int members, int alive, List<String> seeds, String message) {
    }

    record Left(String status, String id, String name) {
    }

    /** One source in {@code GET /v1/discovery}: what it found last, when (ISO-8601), and its failure if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DiscoverySourceView(String source, List<String> addresses, String lastAnswer, String lastError,
                               boolean registered) {
    }

    record Discovery(List<DiscoverySourceView> sources) {
    }

    /** {@code GET /v1/keyring}: key ids only, never key material. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyringView(String primary, List<String> keys, String label, boolean encryptOutgoing,
                       boolean requireEncryptedIncoming) {
    }

    record Error(String error) {
    }

    /**
     * One meter in {@code GET /v1/metrics}: {@code value} for single-measurement meters (counters,
     * gauges), else {@code measurements} by statistic; a value that is not a number is null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MeterView(String name, String type, Map<String, String> tags, Double value, Map<String, Double> measurements) {
    }

    record Meters(List<MeterView> meters) {
    }

    /** {@code POST /v1/event/{name}}: the event's Lamport time at this node. */
    record EventSent(String name, long ltime, int bytes, boolean coalesce) {
    }

    /**
     * A payload in JSON: {@code payload} holds it as text when it is valid UTF-8, otherwise
     * {@code payloadBase64} holds it in standard base64. Exactly one of the two is present.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueryResponseView(String member, String name, String payload, String payloadBase64) {
    }

    /** {@code POST /v1/query/{name}}: who acknowledged and who answered by the deadline. */
    record QueryAnswer(String name, List<String> acks, List<QueryResponseView> responses, int ackCount,
                       int responseCount) {
    }

    /** One received user event in {@code GET /v1/events}; payload as in {@link QueryResponseView}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(long seq, String name, String origin, long ltime, int coalesced, String payload,
                     String payloadBase64) {
    }

    record EventsPage(List<EventView> events, long next, long dropped) {
    }

    /** One instance in {@code GET /v1/services/{name}}. */
    record ServiceView(String id, String name, String host, int port, String address, Map<String, String> tags) {
    }

    record ServicesView(String service, List<ServiceView> instances) {
    }

    /**
     * One event of {@code GET /v1/stream}: {@code type} is the event kind ({@code member-join},
     * {@code metadata}, {@code user}, {@code query}...); the other fields are present as the kind has them.
     * Values and payloads are text when valid UTF-8, else in the {@code ...Base64} field.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StreamEvent(String type, String time, MemberView member, String key, Boolean removed, String value,
                       String valueBase64, String version, String name, String origin, Long ltime, String payload,
                       String payloadBase64) {
    }

    /** {@code GET /v1/health/live} and {@code /ready}: the verdict and each check with why it failed. */
    record Checks(String status, java.util.Map<String, String> checks) {
    }

    /** {@code POST /v1/join}: which of the given addresses now belong to a known live member. */
    record Joined(int contacted, List<String> joined, List<String> notYet) {
    }

    /** {@code POST /v1/force-leave/{name}}. */
    record ForcedLeave(String id, String name, String state, boolean pruned) {
    }

    record Tags(Map<String, String> tags) {
    }

    /** {@code GET /v1/info}. */
    record Info(String version, String java, String id, String name, String address, Map<String, Object> config,
                Map<String, Integer> members, Map<String, Number> queues, Map<String, Number> http) {
    }

    /** One line of a streamed query answer ({@code POST /v1/query/{name}?stream=true}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueryLine(String type, String member, String name, String payload, String payloadBase64, Integer acks,
                     Integer responses) {
    }
}
