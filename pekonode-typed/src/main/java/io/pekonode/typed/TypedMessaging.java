package io.pekonode.typed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pekonode.api.Cluster;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends and receives the user's own Java classes (records included) as JSON over a {@link Cluster}'s
 * messaging: each method converts with Jackson databind and delegates to the byte-level method of
 * the same name, so limits, delivery and failures are exactly those of {@link Cluster}.
 *
 * <pre>{@code
 * record Greeting(String from, int times) {}
 * record Welcome(String text) {}
 *
 * TypedMessaging typed = new TypedMessaging(cluster);
 * typed.handle("greet", Greeting.class, g -> new Welcome("hello " + g.from()));
 * Welcome w = typed.request("node-2", "greet", new Greeting("node-1", 1), Welcome.class, Duration.ofSeconds(2)).join();
 * }</pre>
 *
 * <h2>Failures</h2>
 * An outgoing object Jackson cannot write throws {@link TypedPayloadException} at once, before
 * anything is sent. A handler whose incoming payload is not a valid instance of its type fails like
 * a throwing handler: the requester's future completes with
 * {@link io.pekonode.api.messaging.RemoteHandlerException} whose message names the topic, the
 * expected type and Jackson's reason. A reply that is not a valid reply type completes the request's
 * future exceptionally with a {@link TypedPayloadException}. Nothing waits longer than the
 * request's own timeout.
 *
 * <h2>Null and empty payloads</h2>
 * {@code null} is written as JSON {@code null}; an empty payload (a handler returning nothing, or a
 * byte-level handler returning {@code null}) reads as {@code null}.
 *
 * <h2>The mapper</h2>
 * The default mapper is strict: unknown properties and trailing data are errors, so a message of
 * the wrong type is caught rather than read as an empty object. For rolling upgrades in which
 * newer nodes add fields, annotate the classes with {@code @JsonIgnoreProperties(ignoreUnknown = true)}
 * or pass a mapper with {@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES} disabled. Types
 * such as {@code java.time.Instant} need the matching Jackson module registered on your mapper.
 * Never enable default typing on a mapper that reads peers' payloads.
 *
 * <h2>Modules (JPMS)</h2>
 * On the class path nothing is needed. On the module path Jackson reads a public record through its
 * public accessors and canonical constructor, so the package that declares it must be
 * <em>exported</em> (to everyone or to {@code com.fasterxml.jackson.databind}); a non-public class,
 * or a class with private fields Jackson should see, needs {@code opens <package> to
 * com.fasterxml.jackson.databind}. Without either, the conversion fails with a
 * {@link TypedPayloadException} that explains the missing access.
 *
 * <p>Thread-safe when the mapper is (the default one is, once configured).
 */
public final class TypedMessaging {

    private final Cluster cluster;
    private final ObjectMapper mapper;

    /** Uses {@link #defaultMapper()}. */
    public TypedMessaging(Cluster cluster) {
        this(cluster, defaultMapper());
    }

    /** Uses the given mapper, which must not be reconfigured afterwards. */
    public TypedMessaging(Cluster cluster, ObjectMapper mapper) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A new strict mapper: unknown properties and trailing tokens are errors. */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** {@link Cluster#send} with {@code message} as JSON. */
    public CompletableFuture<Void> send(String memberId, String topic, Object message) {
        return cluster.send(memberId, topic, encode(message, "message to topic '" + topic + "'"));
    }

    /**
     * {@link Cluster#request} with {@code message} as JSON, reading the reply as {@code replyType}.
     * Besides the {@link io.pekonode.api.messaging.MessagingException}s of {@code Cluster.request},
     * the future fails with a {@link TypedPayloadException} when the reply is not a valid
     * {@code replyType}.
     */
    public <R> CompletableFuture<R> request(String memberId, String topic, Object message, Class<R> replyType,
                                            Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        byte[] payload = encode(message, "request to topic '" + topic + "'");
        return cluster.request(memberId, topic, payload, timeout)
                .thenApply(reply -> decode(reply, replyType, "reply from " + memberId + " on topic '" + topic + "'"));
    }

    /**
     * Registers a handler for {@code topic} that reads each message, request or query as
     * {@code type} and answers with {@code handler}'s result as JSON (dropped for one-way sends).
     */
    public <Q, R> Subscription handle(String topic, Class<Q> type, Function<? super Q, ? extends R> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return cluster.handle(topic, incoming -> {
            Q value = decode(incoming.payload(), type, describe(incoming));
            R reply = handler.apply(value);
            return incoming.kind() == IncomingMessage.Kind.SEND ? null
                    : encode(reply, "answer on topic '" + incoming.topic() + "'");
        });
    }

    /**
     * Registers a one-way handler for {@code topic} that reads each message as {@code type}. A
     * request to it gets an empty reply (read as {@code null}). Named apart from {@code handle} so
     * that a lambda is never ambiguous between the two.
     */
    public <Q> Subscription onMessage(String topic, Class<Q> type, Consumer<? super Q> consumer) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(consumer, "consumer");
        return cluster.handle(topic, incoming -> {
            consumer.accept(decode(incoming.payload(), type, describe(incoming)));
            return null;
        });
    }

    /** {@link Cluster#broadcast(String, byte[])} with {@code event} as JSON. */
    public long broadcast(String name, Object event) {
        return broadcast(name, event, false);
    }

    /** {@link Cluster#broadcast(String, byte[], boolean)} with {@code event} as JSON. */
    public long broadcast(String name, Object event, boolean coalesce) {
        return cluster.broadcast(name, encode(event, "event '" + name + "'"), coalesce);
    }

    /**
     * Reads a received user event's payload as {@code type}.
     *
     * @throws TypedPayloadException if it is not a valid {@code type}
     */
    public <T> T decodeEvent(UserEventReceived event, Class<T> type) {
        return decode(event.payload(), type, "event '" + event.name() + "' from " + event.originId());
    }

    /**
     * {@link Cluster#query} with {@code payload} as JSON, reading each response as
     * {@code responseType}. Responses that are not valid are listed in
     * {@link TypedQueryResult#undecodable()}; they never fail the query. {@code options}'
     * per-response callback still sees raw bytes (read them with {@link #decode(byte[], Class)}).
     */
    public <R> CompletableFuture<TypedQueryResult<R>> query(String name, Object payload, QueryOptions options,
                                                            Class<R> responseType) {
        Objects.requireNonNull(responseType, "responseType");
        byte[] bytes = encode(payload, "query '" + name + "'");
        return cluster.query(name, bytes, options).thenApply(result -> typed(result, responseType));
    }

    /** Writes {@code value} as JSON, as every sending method here does. */
    public byte[] encode(Object value) {
        return encode(value, "value");
    }

    /** Reads JSON as {@code type}, as every receiving method here does; empty input reads as {@code null}. */
    public <T> T decode(byte[] payload, Class<T> type) {
        return decode(payload, type, "payload");
    }

    private <R> TypedQueryResult<R> typed(QueryResult result, Class<R> responseType) {
        List<TypedQueryResult.Response<R>> responses = new ArrayList<>();
        Map<String, String> undecodable = new LinkedHashMap<>();
        for (QueryResponse response : result.responses()) {
            try {
                R value = decode(response.payload(), responseType,
                        "response to query '" + result.name() + "' from " + response.memberId());
                responses.add(new TypedQueryResult.Response<>(response.memberId(), value));
            } catch (TypedPayloadException e) {
                undecodable.put(response.memberId(), e.getMessage());
            }
        }
        return new TypedQueryResult<>(result.name(), result.acks(), responses, undecodable);
    }

    private byte[] encode(Object value, String what) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new TypedPayloadException("cannot write " + what + " as JSON ("
                    + (value == null ? "null" : value.getClass().getName()) + "): " + e.getOriginalMessage(), e);
        }
    }

    private <T> T decode(byte[] payload, Class<T> type, String what) {
        Objects.requireNonNull(type, "type");
        if (payload == null || payload.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(payload, type);
        } catch (JacksonException e) {
            throw new TypedPayloadException(what + " is not a valid " + type.getName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // readValue declares IOException; from a byte array only Jackson's own exceptions come.
            throw new TypedPayloadException(what + " is not a valid " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(IncomingMessage incoming) {
        return incoming.kind().name().toLowerCase(Locale.ROOT) + " on topic '" + incoming.topic()
                + "' from " + incoming.senderId();
    }
}
