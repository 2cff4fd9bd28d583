package io.simples.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An access-log format compiled once into text and tokens: {@code %name} or
 * {@code %name[argument]}, the name made of letters, digits and inner dashes. A {@code %} not followed
 * by a name stays as it is.
 */
final class AccessLogFormat {

    /** One token of a format; {@code argument} is null when it has none. */
    record Token(String name, String argument) {
    }

    private static final ConcurrentHashMap<String, AccessLogFormat> COMPILED = new ConcurrentHashMap<>();

    /** Literal strings and {@link Token}s, in order. */
    final List<Object> parts;

    private AccessLogFormat(List<Object> parts) {
        this.parts = parts;
    }

    static AccessLogFormat of(String format) {
        AccessLogFormat compiled = COMPILED.get(format);
        if (compiled == null) {
            compiled = compile(format);
            if (COMPILED.size() < 1024) { // formats are few; never let dynamic ones grow this
                COMPILED.put(format, compiled);
            }
        }
        return compiled;
    }

    private static AccessLogFormat compile(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            int nameEnd = i + 1;
            while (c == '%' && nameEnd < format.length() && isNameChar(format.charAt(nameEnd))) {
                nameEnd++;
            }
            while (nameEnd > i + 1 && format.charAt(nameEnd - 1) == '-') {
                nameEnd--; // "%year-%month": names never end with a dash
            }
            if (c != '%' || nameEnd == i + 1) {
                text.append(c);
                i++;
                continue;
            }
            String name = format.substring(i + 1, nameEnd);
            String argument = null;
            int end = nameEnd;
            if (end < format.length() && format.charAt(end) == '[') {
                int close = format.indexOf(']', end);
                if (close > 0) {
                    argument = format.substring(end + 1, close);
                    end = close + 1;
                }
            }
            if (text.length() > 0) {
                parts.add(text.toString());
                text.setLength(0);
            }
            parts.add(new Token(name, argument));
            i = end;
        }
        if (text.length() > 0) {
            parts.add(text.toString());
        }
        return new AccessLogFormat(List.copyOf(parts));
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
    }
}
