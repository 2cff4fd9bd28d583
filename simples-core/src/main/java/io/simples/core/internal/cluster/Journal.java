package io.simples.core.internal.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the messages a reconnecting WebSocket may ask for again are kept, for a bounded time and
 * count (the recovery of a {@code WSHost}). A <em>stream</em> holds the messages of one session
 * ({@code s:<session id>}) or of one channel ({@code c:<name>}), each under an id that grows,
 * {@code <ms>-<n>} as Redis Streams make them. A <em>holder</em> (a session) has <em>marks</em>:
 * the streams it may replay, each from where it was first marked; a client's position never takes
 * it further back than its mark, so no page reads what was said before it joined.
 *
 * <p>Marks are named by field: {@code s} for the holder's own stream, {@code c:<name>} for a channel's.
 */
public interface Journal {

    /** One message kept: its id and its text (an advanced-mode envelope without its position). */
    record Entry(String id, String text) {
    }

    /**
     * What a replay found after a position.
     *
     * @param entries the messages after it, in order
     * @param gap true when some message after it is gone already (too old, or one too many)
     */
    record Replay(List<Entry> entries, boolean gap) {
    }

    /** The id before every other: where an empty stream stands. */
    String ORIGIN = "0-0";

    /**
     * Marks the stream {@code field} for {@code holder} (an earlier mark stays) and keeps the
     * holder's marks for {@code life}; answers where the stream stands now (its last id).
     */
    CompletableFuture<String> mark(String holder, String field, Duration life);

    /** The holder's marks (field to the id it was marked at), kept for {@code life} from now; empty when none. */
    CompletableFuture<Map<String, String>> marks(String holder, Duration life);

    /** Keeps the holder's marks for {@code life} from now. */
    void touch(String holder, Duration life);

    /** Forgets the holder's mark of {@code field}: it no longer replays that stream. */
    void unmark(String holder, String field);

    /** The messages of the stream {@code field} of {@code holder} after the id {@code after}. */
    CompletableFuture<Replay> replay(String holder, String field, String after);

    /** The stream a holder's mark names. */
    static String stream(String holder, String field) {
        return "s".equals(field) ? "s:" + holder : field;
    }

    /** True for an id of the form {@code <ms>-<n>}. */
    static boolean isId(String id) {
        int dash = id.indexOf('-');
        if (dash < 1 || dash > 19 || dash == id.length() - 1 || id.length() - dash > 20) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (i != dash && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Compares two ids as numbers: negative when {@code a} comes first. */
    static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a, 0, dashA, 10), Long.parseUnsignedLong(b, 0, dashB, 10));
        if (byTime != 0) {
            return byTime;
        }
        return Long.compareUnsigned(Long.parseUnsignedLong(a, dashA + 1, a.length(), 10),
                Long.parseUnsignedLong(b, dashB + 1, b.length(), 10));
    }

    /** The later of two ids. */
    static String later(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }
}
