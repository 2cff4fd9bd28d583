package io.simples.session;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON encoding of session values for stores that leave the process. Each value is encoded
 * on its own, so that a failure names its key; values decode to plain Java ({@code String},
 * {@code Integer}/{@code Long}/{@code Double}, {@code Boolean}, {@code null}, {@code ArrayList},
 * {@code LinkedHashMap}).
 */
final class SessionCodec {

    /** Jackson 3 writes an object with no properties as {}; for a session that is silent data loss. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private SessionCodec() {
    }

    /** One value as a JSON tree. */
    static JsonNode encode(String key, Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SessionEncodingException(key, value, e);
        }
    }

    /** One value as JSON text. */
    static String encodeText(String key, Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SessionEncodingException(key, value, e);
        }
    }

    /** All values of {@code data} as one JSON object, in bytes. */
    static byte[] encodeAll(Map<String, Object> data) {
        var object = MAPPER.createObjectNode();
        data.forEach((key, value) -> object.set(key, encode(key, value)));
        return MAPPER.writeValueAsBytes(object);
    }

    /** A JSON object back to a map of plain values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decodeAll(byte[] json) {
        Object decoded = MAPPER.readValue(json, Object.class);
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) map;
    }

    /** One JSON text back to a plain value. */
    static Object decodeText(String json) {
        return MAPPER.readValue(json, Object.class);
    }

    static <T> T convert(String key, Object value, Class<T> type) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("session value under key '" + key + "' ("
                    + value.getClass().getName() + ") cannot be read as " + type.getName()
                    + ": " + e.getMessage(), e);
        }
    }
}
