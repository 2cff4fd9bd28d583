package io.simples.core.internal;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * One JSON object on one line, written field by field: the access log's {@code %json} format,
 * for log shippers. Strings are escaped by Jackson's encoder; a missing value is {@code null}.
 */
public final class JsonLine {

    private final StringBuilder out = new StringBuilder(256).append('{');

    /** Adds {@code "key":"value"}, or {@code "key":null}. */
    public JsonLine text(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            out.append('"');
            JsonStringEncoder.getInstance().quoteAsString(value, out);
            out.append('"');
        }
        return this;
    }

    /** Adds {@code "key":value}. */
    public JsonLine number(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    private void key(String key) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append('"').append(key).append("\":");
    }

    /** The object, closed. */
    @Override
    public String toString() {
        return out + "}";
    }
}
