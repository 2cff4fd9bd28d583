package io.simples.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdsTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void made_ids_share_the_process_prefix_and_never_repeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            assertTrue(id.matches("[0-9a-f]{12}-[0-9a-f]+"), id);
            assertTrue(ids.add(id), id);
        }
        assertEquals(1, ids.stream().map(id -> id.substring(0, 12)).distinct().count());
    }

    @Test
    void an_incoming_id_is_kept_only_when_short_and_safe() {
        assertEquals("abc-123_x.y:z+/=@", RequestIds.accept("abc-123_x.y:z+/=@"));
        assertEquals("a".repeat(128), RequestIds.accept("a".repeat(128)));
        for (String bad : new String[] {null, "", "a".repeat(129), "a b", "a\tb", "a\"b", "<x>", "a;b", "é", "a\r\nb"}) {
            assertFalse(RequestIds.valid(bad), String.valueOf(bad));
            assertTrue(RequestIds.accept(bad).matches("[0-9a-f]{12}-[0-9a-f]+"), String.valueOf(bad));
        }
    }

    @Test
    void a_traceparent_gives_its_trace_id_only_when_valid() {
        assertEquals(TRACE, RequestIds.traceId("00-" + TRACE + "-00f067aa0ba902b7-01"));
        assertEquals(TRACE, RequestIds.traceId("01-" + TRACE + "-00f067aa0ba902b7-01"), "a later version");
        assertEquals(TRACE, RequestIds.traceId("01-" + TRACE + "-00f067aa0ba902b7-01-more"), "a later version's fields");
        for (String bad : new String[] {null, "", "00-" + TRACE + "-00f067aa0ba902b7-01-", "01-" + TRACE + "-00f067aa0ba902b7-01x",
                "ff-" + TRACE + "-00f067aa0ba902b7-01", "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-" + TRACE + "-0000000000000000-01",
                "00-" + TRACE + "-00f067aa0ba902b7-1", "00_" + TRACE + "-00f067aa0ba902b7-01", "0g-" + TRACE + "-00f067aa0ba902b7-01"}) {
            assertNull(RequestIds.traceId(bad), String.valueOf(bad));
        }
    }

    @Test
    void the_log_context_puts_the_ids_and_gives_back_what_it_replaced() {
        RequestHead outer = head("outer-1", "00-" + TRACE + "-00f067aa0ba902b7-01");
        RequestHead inner = head("inner-2", null);
        LogContext.Replaced none = LogContext.enter(outer);
        assertNull(none);
        assertEquals("outer-1", MDC.get(LogContext.REQUEST_ID));
        assertEquals(TRACE, MDC.get(LogContext.TRACE_ID));

        LogContext.Replaced replaced = LogContext.enter(inner); // a listener ends another request's response
        assertEquals("inner-2", MDC.get(LogContext.REQUEST_ID));
        assertNull(MDC.get(LogContext.TRACE_ID), "the inner request had no trace");
        LogContext.leave(replaced);
        assertEquals("outer-1", MDC.get(LogContext.REQUEST_ID));
        assertEquals(TRACE, MDC.get(LogContext.TRACE_ID));

        LogContext.leave(none);
        assertNull(MDC.get(LogContext.REQUEST_ID));
        assertNull(MDC.get(LogContext.TRACE_ID));
    }

    @Test
    void a_websocket_head_keeps_the_id_of_its_handshake() {
        RequestHead handshake = head("hs-9", null);
        assertEquals("hs-9", handshake.as("ws", Set.of()).id());
    }

    static RequestHead head(String id, String traceparent) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set(RequestHead.X_REQUEST_ID, id);
        if (traceparent != null) {
            request.headers().set("traceparent", traceparent);
        }
        return new RequestHead(request, new EmbeddedChannel(), "http");
    }
}
