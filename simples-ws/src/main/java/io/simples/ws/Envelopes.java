package io.simples.ws;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The advanced-mode wire format: every message is the JSON text {@code {"event": name, "data": value}}. */
final class Envelopes {

    /** A received event. */
    record Event(String name, Object data) {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Envelopes() {
    }

    static String encode(String event, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("data", data);
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
        return new Event(node.get("event").asString(), data);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
