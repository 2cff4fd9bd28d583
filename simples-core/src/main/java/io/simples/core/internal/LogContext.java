package io.simples.core.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import org.slf4j.MDC;

/**
 * A request's id and trace id in SLF4J's MDC while framework code runs user code for it, on
 * whatever thread that is (a virtual thread, a pooled one, an event loop): every line a listener
 * logs carries them. {@link #enter} returns what it replaced and {@link #leave} puts it back, so a
 * listener that ends another request's response (whose access-log line is then written on its
 * thread) keeps its own values.
 */
public final class LogContext {

    /** The MDC key of the request id. */
    public static final String REQUEST_ID = "requestId";
    /** The MDC key of the W3C trace id, set when the request had a valid {@code traceparent}. */
    public static final String TRACE_ID = "traceId";

    private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");

    private LogContext() {
    }

    /** The values {@link #enter} replaced, when there were any. */
    public record Replaced(String requestId, String traceId) {
    }

    /**
     * Puts {@code head}'s ids in the MDC.
     *
     * @return what it replaced, {@code null} when nothing (the usual case), for {@link #leave}
     */
    public static Replaced enter(RequestHead head) {
        String previousId = MDC.get(REQUEST_ID);
        String previousTrace = MDC.get(TRACE_ID);
        MDC.put(REQUEST_ID, head.id());
        String trace = RequestIds.traceId(head.header(TRACEPARENT));
        if (trace != null) {
            MDC.put(TRACE_ID, trace);
        } else if (previousTrace != null) {
            MDC.remove(TRACE_ID);
        }
        return previousId == null && previousTrace == null ? null : new Replaced(previousId, previousTrace);
    }

    /** Takes the ids {@link #enter} put out of the MDC, and puts back what it {@code replaced}. */
    public static void leave(Replaced replaced) {
        restore(REQUEST_ID, replaced == null ? null : replaced.requestId());
        restore(TRACE_ID, replaced == null ? null : replaced.traceId());
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
