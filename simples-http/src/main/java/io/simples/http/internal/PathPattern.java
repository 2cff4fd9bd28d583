package io.simples.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route location compiled once: literal text, {@code :name} parameters (one path segment,
 * never empty) and {@code *} wildcards (any characters, slashes included, possibly none).
 * Matching walks the path with backtracking and allocates only the map of parameters of a
 * match; no regular expression is involved. The wildcard's match is the parameter {@code "*"}.
 */
public final class PathPattern {

    private enum Kind { LITERAL, PARAM, STAR }

    private record Part(Kind kind, String text) {
    }

    private final String location;
    private final Part[] parts;

    private PathPattern(String location, Part[] parts) {
        this.location = location;
        this.parts = parts;
    }

    /** Compiles a normalized location such as {@code /users/:id/files/*}. */
    public static PathPattern compile(String location) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < location.length()) {
            char c = location.charAt(i);
            if (c == ':' && i + 1 < location.length() && isNameStart(location.charAt(i + 1))) {
                int end = i + 1;
                while (end < location.length() && isNameChar(location.charAt(end))) {
                    end++;
                }
                flush(literal, parts);
                parts.add(new Part(Kind.PARAM, location.substring(i + 1, end)));
                i = end;
            } else if (c == '*') {
                flush(literal, parts);
                parts.add(new Part(Kind.STAR, "*"));
                i++;
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(literal, parts);
        return new PathPattern(location, parts.toArray(Part[]::new));
    }

    /** True when {@code location} has parameters or wildcards. */
    static boolean isDynamic(String location) {
        return location.indexOf('*') >= 0 || location.indexOf(':') >= 0 && compile(location).hasParams();
    }

    /** The parameters of {@code path} if it matches, otherwise {@code null}. */
    Map<String, String> match(String path) {
        String[] captured = new String[parts.length];
        if (!matchFrom(0, path, 0, captured)) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].kind() != Kind.LITERAL) {
                params.put(parts[i].text(), captured[i]);
            }
        }
        return params.isEmpty() ? Collections.emptyMap() : params;
    }

    String location() {
        return location;
    }

    /**
     * The location with every parameter's name dropped ({@code /users/:}): two patterns of one
     * shape match the same paths, so the second of them could never be reached.
     */
    String shape() {
        StringBuilder shape = new StringBuilder(location.length());
        for (Part part : parts) {
            shape.append(part.kind() == Kind.PARAM ? ":" : part.text());
        }
        return shape.toString();
    }

    private boolean hasParams() {
        for (Part part : parts) {
            if (part.kind() != Kind.LITERAL) {
                return true;
            }
        }
        return false;
    }

    private boolean matchFrom(int index, String path, int position, String[] captured) {
        if (index == parts.length) {
            return position == path.length();
        }
        Part part = parts[index];
        switch (part.kind()) {
            case LITERAL -> {
                return path.startsWith(part.text(), position)
                        && matchFrom(index + 1, path, position + part.text().length(), captured);
            }
            case PARAM -> {
                int segmentEnd = path.indexOf('/', position);
                if (segmentEnd < 0) {
                    segmentEnd = path.length();
                }
                for (int end = segmentEnd; end > position; end--) {
                    if (matchFrom(index + 1, path, end, captured)) {
                        captured[index] = path.substring(position, end);
                        return true;
                    }
                }
                return false;
            }
            default -> {
                for (int end = path.length(); end >= position; end--) {
                    if (matchFrom(index + 1, path, end, captured)) {
                        captured[index] = path.substring(position, end);
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Part(Kind.LITERAL, literal.toString()));
            literal.setLength(0);
        }
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    @Override
    public String toString() {
        return location;
    }

    /** {@code prefix} and {@code location} as one normalized path: one leading slash, no trailing or double ones. */
    public static String join(String prefix, String location) {
        StringBuilder path = new StringBuilder(prefix.length() + location.length() + 1);
        path.append(prefix);
        for (String segment : location.split("/")) {
            if (!segment.isEmpty()) {
                path.append('/').append(segment);
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /** A request path normalized like route locations: no trailing slash except the root. */
    static String normalize(String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            int end = path.length();
            while (end > 1 && path.charAt(end - 1) == '/') {
                end--;
            }
            return path.substring(0, end);
        }
        return path.isEmpty() ? "/" : path;
    }
}
