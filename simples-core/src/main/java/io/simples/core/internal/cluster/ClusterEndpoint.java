package io.simples.core.internal.cluster;

/**
 * What a WebSocket host of this process does for the rest of its cluster, where the host with the
 * same key (virtual host and location) is the same application code: deliver another process's
 * broadcast to its own connections, bind and close channels, count its connections.
 */
public interface ClusterEndpoint {

    /**
     * Sends the encoded frame {@code payload} to the connections of this host (of its channel
     * {@code channel} when not null) that its filter named {@code filter} accepts (all when null).
     */
    void broadcast(String channel, String filter, boolean binary, byte[] payload);

    /** Binds every connection that the filter named {@code filter} accepts to {@code channel}. */
    void bind(String channel, String filter);

    /** Unbinds everybody from {@code channel} and forgets it. */
    void closeChannel(String channel);

    /** How many connections this host has open (bound to {@code channel} when not null). */
    long count(String channel);

    /** Sends the encoded frame {@code payload} to this host's connections of the session {@code session}; how many got it. */
    long toSession(String session, boolean binary, byte[] payload);

    /**
     * Sends the envelope {@code text} with its journal id {@code id} (none when null) to this
     * host's connections bound to {@code channel}, or of the session {@code session}; how many got it.
     */
    default long recorded(String channel, String session, String text, String id) {
        return 0;
    }

    /** The session {@code key} joined ({@code fields} as JSON) or left ({@code fields} null) {@code channel} on the member {@code member}. */
    default void presence(long member, String channel, String key, byte[] fields) {
    }

    /** Everybody the member {@code member} holds present on this host, replacing what it said before. */
    default void presenceState(long member, byte[] state) {
    }

    /** Everybody this member holds present on this host, for another that asked; null when this host keeps no presence. */
    default byte[] presenceState() {
        return null;
    }

    /** The member {@code member} is gone (it said bye, or went silent): whoever it held present leaves. */
    default void forget(long member) {
    }
}
