package io.simples.ws;

import io.simples.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The advanced-mode wire format: every message is the JSON text {@code {"event": name, "data": value}},
 * which an ask extends with {@code "ask": n} and its answer with {@code "answer": n} (fields the
 * original simpleS clients ignore; see {@link Asks}).
 */
final class Envelopes {

    /** A received event; {@code ask} and {@code answer} are 0 when it has none, {@code seq} (its recovery position) null. */
    record Event(String name, Object data, long ask, long answer, String seq) {
    }

    private static final ObjectMapper MAPPER = Json.MAPPER;

    private Envelopes() {
    }

    static String encode(String event, Object data) {
        return encode(event, data, null, 0);
    }

    /** The envelope of {@code event}, with {@code field} ({@code "ask"} or {@code "answer"}) set to {@code number} unless it is 0. */
    static String encode(String event, Object data, String field, long number) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("data", data);
        if (number != 0) {
            envelope.put(field, number);
        }
        return MAPPER.writeValueAsString(envelope);
    }

    static String json(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Decodes an envelope; anything else is an {@link IllegalArgumentException} saying what is wrong. */
    static Event decode(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("advanced mode expects {\"event\": name, \"data\": value},"
                    + " got text that is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("event").isString()) {
            throw new IllegalArgumentException("advanced mode expects {\"event\": name, \"data\": value},"
                    + " got " + abbreviate(text));
        }
        Object data = node.has("data") ? MAPPER.treeToValue(node.get("data"), Object.class) : null;
        JsonNode seq = node.get("seq");
        return new Event(node.get("event").asString(), data, number(node, "ask"), number(node, "answer"),
                seq != null && seq.isString() ? seq.asString() : null);
    }

    /** A positive integer field, or 0 when it is absent or anything else (an ask number of a peer's own making is not ours to judge). */
    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() && value.isIntegralNumber() && value.asLong() > 0 ? value.asLong() : 0;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
