package io.simples.session;

import java.util.Map;

/**
 * What {@link Store#getNewer} found: the stored data with the version it is at, or — when the
 * store could tell that nothing changed since the version asked about — only that version.
 *
 * @param data the stored data, or {@code null} when it has not changed since the version asked about
 * @param version what the store uses to tell one state of the session from the next (a revision
 *                number, the identity of an immutable map...), or {@code null} when it cannot
 *                tell, and every {@link Store#getNewer} then reads everything
 */
public record Stored(Map<String, Object> data, Object version) {

    /**
     * The answer of a store whose session is still at {@code version}.
     *
     * @param version the version the caller asked about
     * @return an answer without data
     */
    public static Stored unchanged(Object version) {
        return new Stored(null, version);
    }

    /**
     * True when the store said the session has not changed since the version asked about.
     *
     * @return whether this answer carries no data
     */
    public boolean isUnchanged() {
        return data == null;
    }
}
