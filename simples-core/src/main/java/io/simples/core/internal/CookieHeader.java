package io.simples.core.internal;

import java.util.function.BiConsumer;

/**
 * Reads the cookies of a {@code Cookie} request header as Netty's lax {@code ServerCookieDecoder}
 * does (the test holds the two side by side): pairs split at {@code ;}, separators and
 * whitespace skipped, names trimmed, a pair without {@code =}, with an empty name or with
 * unbalanced quotes skipped, a value's surrounding quotes dropped; after a leading
 * {@code $Version}, RFC 2965's {@code $Path}, {@code $Domain} and {@code $Port} attributes
 * skipped. Unlike Netty's, it never throws: a name of only control characters is skipped too.
 * One cookie can be looked up without making the others' strings: the session's cookie is read
 * on every request, the rest of the header rarely.
 */
final class CookieHeader {

    private CookieHeader() {
    }

    /** The value of the first cookie called {@code name} in {@code header}, or null. */
    static String value(String header, String name) {
        return read(header, name, null);
    }

    /** Gives every cookie of {@code header} to {@code pairs}, as name and value, in the order sent. */
    static void forEach(String header, BiConsumer<String, String> pairs) {
        read(header, null, pairs);
    }

    /** One pass over the header: returns the value of {@code wanted} when it is found, or gives every pair to {@code pairs}. */
    private static String read(String header, String wanted, BiConsumer<String, String> pairs) {
        int length = header.length();
        boolean rfc2965 = header.regionMatches(true, 0, "$Version", 0, 8);
        int i = rfc2965 ? header.indexOf(';') + 1 : 0;
        while (true) {
            while (i < length && isSeparator(header.charAt(i))) {
                i++;
            }
            if (i == length) {
                return null;
            }
            int nameBegin = i;
            while (i < length && header.charAt(i) != ';' && header.charAt(i) != '=') {
                i++;
            }
            int nameEnd = i;
            if (i == length || header.charAt(i) == ';') {
                continue; // a name without a value
            }
            int valueBegin = i + 1;
            int semicolon = header.indexOf(';', valueBegin);
            int valueEnd = semicolon < 0 ? length : semicolon;
            i = valueEnd;
            if (rfc2965 && isRfc2965Attribute(header, nameBegin)) {
                continue;
            }
            while (nameBegin < nameEnd && header.charAt(nameBegin) <= ' ') { // trimmed as String.trim does
                nameBegin++;
            }
            while (nameEnd > nameBegin && header.charAt(nameEnd - 1) <= ' ') {
                nameEnd--;
            }
            if (nameBegin == nameEnd) {
                continue;
            }
            if (wanted != null && (nameEnd - nameBegin != wanted.length()
                    || !header.regionMatches(nameBegin, wanted, 0, wanted.length()))) {
                continue;
            }
            if (valueEnd > valueBegin && header.charAt(valueBegin) == '"') {
                if (valueEnd - valueBegin < 2 || header.charAt(valueEnd - 1) != '"') {
                    continue; // unbalanced quotes: skipped, a later pair of the name may count
                }
                valueBegin++;
                valueEnd--;
            }
            String value = header.substring(valueBegin, valueEnd);
            if (wanted != null) {
                return value;
            }
            pairs.accept(header.substring(nameBegin, nameEnd), value);
        }
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == ';' || c == ',' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isRfc2965Attribute(String header, int at) {
        return header.startsWith("$Path", at) || header.startsWith("$Domain", at) || header.startsWith("$Port", at);
    }
}
