package io.simples.core.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Netty headers as a read-only {@code Map<String, String>}: names compare without case, a
 * repeated header gives its first value. Lookups go straight to Netty; the entry set is built on
 * first use.
 */
public final class HeaderMap extends AbstractMap<String, String> {

    private final HttpHeaders headers;
    private Set<Entry<String, String>> entries;

    public HeaderMap(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public String get(Object name) {
        return name instanceof String header ? headers.get(header) : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String header && headers.contains(header);
    }

    @Override
    public int size() {
        return entrySet().size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        if (entries == null) {
            Map<String, String> first = new LinkedHashMap<>();
            headers.forEach(header -> first.putIfAbsent(header.getKey(), header.getValue()));
            entries = Collections.unmodifiableMap(first).entrySet();
        }
        return entries;
    }
}
