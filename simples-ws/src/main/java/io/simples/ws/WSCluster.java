package io.simples.ws;

import io.simples.core.ClusterCount;
import io.simples.core.internal.cluster.ClusterEndpoint;
import io.simples.core.internal.cluster.ClusterMember;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link WSHost} in its server's cluster: the member it publishes through, the key the other
 * servers know it by (its virtual host and location), and what it does for them. A host made by
 * hand, never routed to, has no member and stays alone.
 */
final class WSCluster implements ClusterEndpoint {

    private final WSHost host;
    private volatile ClusterMember member;
    private volatile String key;

    WSCluster(WSHost host) {
        this.host = host;
    }

    void join(ClusterMember joined, String hostKey) {
        this.key = hostKey;
        this.member = joined;
        joined.endpoint(hostKey, this);
        Presence presence = host.presenceKept();
        if (presence != null) {
            presence.joined(joined);
        }
    }

    /** True when what this host broadcasts may matter to other servers. */
    boolean clustered() {
        ClusterMember joined = member;
        return joined != null && joined.clustered();
    }

    ClusterMember member() {
        return member;
    }

    String key() {
        return key;
    }

    CompletableFuture<ClusterCount> count(String channel, long local, Duration timeout) {
        ClusterMember joined = member;
        if (joined == null) {
            return CompletableFuture.completedFuture(new ClusterCount(local, 1, 1));
        }
        return joined.count(key, channel, local, timeout);
    }

    @Override
    public void broadcast(String channel, String filter, boolean binary, byte[] payload) {
        host.received(channel, filter, binary, payload);
    }

    @Override
    public void bind(String channel, String filter) {
        host.bindReceived(channel, filter);
    }

    @Override
    public void closeChannel(String channel) {
        WSChannel existing = host.existingChannel(channel);
        if (existing != null) {
            existing.closeHere();
        }
    }

    @Override
    public void presence(long member, String channel, String key, byte[] fields) {
        Presence presence = host.presenceKept();
        if (presence != null) {
            presence.changed(member, channel, key, fields);
        }
    }

    @Override
    public void presenceState(long member, byte[] state) {
        Presence presence = host.presenceKept();
        if (presence != null) {
            presence.state(member, state);
        }
    }

    @Override
    public byte[] presenceState() {
        Presence presence = host.presenceKept();
        return presence == null ? null : presence.state();
    }

    @Override
    public void forget(long member) {
        Presence presence = host.presenceKept();
        if (presence != null) {
            presence.forget(member);
        }
    }

    @Override
    public long toSession(String session, boolean binary, byte[] payload) {
        return host.receivedForSession(session, binary, payload);
    }

    @Override
    public long recorded(String channel, String session, String text, String id) {
        Recovery recovery = host.recoveryKept();
        return recovery == null ? 0 : recovery.deliver(channel, session, text, id);
    }

    @Override
    public long count(String channel) {
        if (channel == null) {
            return host.connections().size();
        }
        WSChannel existing = host.existingChannel(channel);
        return existing == null ? 0 : existing.connections().size();
    }
}
