package io.simples.ws;

import io.simples.core.internal.cluster.Journal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's positions in the streams a server with {@link WSHost#recovery recovery} sends it
 * (its session's, its channels'): the latest of each, to resume from after a reconnection.
 */
final class Positions {

    private final Map<String, String> latest = new ConcurrentHashMap<>(); // stream -> id

    /** Takes a position, {@code s:<id>} or {@code c:<channel>:<id>}, keeping the later of two of one stream; ignores anything else. */
    void remember(String position) {
        int colon = position.lastIndexOf(':');
        if (colon < 1 || !Journal.isId(position.substring(colon + 1))) {
            return;
        }
        latest.merge(position.substring(0, colon), position.substring(colon + 1), Journal::later);
    }

    /** Copies another client's positions here. */
    void takeFrom(Positions other) {
        other.latest.forEach((stream, id) -> latest.merge(stream, id, Journal::later));
    }

    /** {@code url} with the resume request of these positions in its query ({@code []} when there are none). */
    URI resumeUrl(URI url) {
        List<String> positions = new ArrayList<>();
        latest.forEach((stream, id) -> positions.add(stream + ":" + id));
        String parameter = Recovery.RESUME + "=" + URLEncoder.encode(Envelopes.json(positions), StandardCharsets.UTF_8);
        String text = url.toString();
        int fragment = text.indexOf('#');
        String head = fragment < 0 ? text : text.substring(0, fragment);
        return URI.create(head + (url.getRawQuery() == null ? "?" : "&") + parameter + (fragment < 0 ? "" : text.substring(fragment)));
    }

    @Override
    public String toString() {
        return latest.toString();
    }
}
