package io.simples.ws;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.simples.core.internal.Json;
import io.simples.core.internal.cluster.Journal;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A connection that resumes, until its replay is written: the positions its client asked from,
 * and the kept messages that reached it meanwhile, held back so that they follow the replay.
 * Used on the connection's event loop only.
 */
final class Resuming {

    /** Held back at most; a connection whose replay takes longer than that many messages is closed. */
    static final int MOST_HELD = 10_000;
    private static final ObjectMapper MAPPER = Json.MAPPER;

    private final Map<String, String> asked;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /** One message held back: its stream, its id (null: not kept) and its frame. */
    record Held(String stream, String id, WebSocketFrame frame) {
    }

    Resuming(Map<String, String> asked) {
        this.asked = asked;
    }

    /** Stream to position asked from; null when the client's request could not be read. */
    Map<String, String> asked() {
        return asked;
    }

    /** Holds a message back; false when too many are held already (the frame is released). */
    boolean hold(String stream, String id, WebSocketFrame frame) {
        if (held.size() >= MOST_HELD) {
            frame.release();
            return false;
        }
        held.addLast(new Held(stream, id, frame));
        return true;
    }

    /**
     * Writes the replay to {@code connection} (on its event loop), then {@value Recovery#RESUMED},
     * then what {@code done} held back that is newer than what was replayed ({@code floor}: the
     * last id replayed or asked, by stream); {@code done} null: the connection closed meanwhile.
     */
    static void finish(WSConnection connection, Resuming done, List<Recovery.Kept> replay, Map<String, String> floor,
                       boolean recovered) {
        for (Recovery.Kept kept : replay) {
            connection.broadcast(new TextWebSocketFrame(WSConnection.utf8(Recovery.positioned(kept.text(), kept.stream(), kept.id()))));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("recovered", recovered);
        report.put("replayed", replay.size());
        connection.broadcast(new TextWebSocketFrame(WSConnection.utf8(Envelopes.encode(Recovery.RESUMED, report))));
        if (done == null) {
            return;
        }
        for (Held waiting : done.held) {
            String last = waiting.id() == null ? null : floor.get(waiting.stream());
            if (last == null || Journal.compare(waiting.id(), last) > 0) {
                connection.broadcast(waiting.frame());
            } else {
                waiting.frame().release(); // replayed already
            }
        }
        done.held.clear();
    }

    /** The connection closed before its replay came: what it held goes nowhere. */
    void drop() {
        held.forEach(waiting -> waiting.frame().release());
        held.clear();
    }

    /**
     * The positions of a resume request, {@code ["s:<id>", "c:<channel>:<id>", …]}, by stream
     * ({@code s}, {@code c:<channel>}); null when it is not that (not JSON, not an array of such
     * strings, more than {@value Recovery#MOST_POSITIONS}): the connection then resumes nothing.
     */
    static Map<String, String> parse(String request) {
        JsonNode positions;
        try {
            positions = MAPPER.readTree(request);
        } catch (JacksonException e) {
            return null;
        }
        if (positions == null || !positions.isArray() || positions.size() > Recovery.MOST_POSITIONS) {
            return null;
        }
        Map<String, String> asked = new LinkedHashMap<>();
        for (JsonNode position : positions) {
            String text = position.isString() ? position.asString() : "";
            int colon = text.lastIndexOf(':');
            String stream = colon < 0 ? "" : text.substring(0, colon);
            String id = text.substring(colon + 1);
            boolean named = stream.equals("s") || stream.startsWith("c:") && stream.length() > 2;
            if (!named || !Journal.isId(id) || text.length() > 1024) {
                return null;
            }
            asked.merge(stream, id, Journal::later);
        }
        return asked;
    }
}
