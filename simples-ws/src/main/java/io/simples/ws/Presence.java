package io.simples.ws;

import io.simples.core.internal.Json;
import io.simples.core.internal.SerialExecutor;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Who is in each channel of one {@link WSHost}, by session, on every server of the cluster: a user
 * with three tabs on two servers is one member. A member is known by a key (a hash of the session
 * id, never the id) and shows the public fields the application chose when its session first
 * joined. Each server holds its own members ({@link Local}: how many of its connections, and a
 * leave put off for the grace period, so a reloading page does not flicker) and tells the others
 * of joins and leaves; a server also holds what the others told it, replaced whole by their state
 * when it asks (it joined, or its bus came back), and forgotten when one of them goes. A member is
 * in a channel while any server holds it: its join listeners run when the first server does, its
 * leave listeners when the last one lets go. Listeners run on handler threads, in order.
 */
final class Presence {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final TypeReference<List<List<Object>>> STATE = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private final WSHost host;
    private final Function<Session, Map<String, Object>> fields;
    private final Duration grace;
    private volatile Executor events = Runnable::run; // a serial executor on handler threads once the host joined its server
    private final Map<String, Map<String, Local>> local = new HashMap<>(); // channel -> key -> this server's hold
    private final Map<Binding, String> bindings = new HashMap<>(); // a connection's key in a channel, fixed when bound
    private final Map<String, Map<String, Held>> members = new HashMap<>(); // channel -> key -> who holds it
    private final Map<Long, Set<Slot>> remote = new HashMap<>(); // another member -> what it holds
    private int leaves; // numbers the leaves put off, under the lock

    /** This server's hold of one member in one channel. */
    private static final class Local {
        final Map<String, Object> fields;
        int connections;
        int leaving; // the number of the leave put off, 0 when none: only the last one may happen

        Local(Map<String, Object> fields) {
            this.fields = fields;
        }
    }

    /** A member present, and the servers that hold it (0 for this one). */
    private static final class Held {
        final Map<String, Object> fields;
        final Set<Long> holders = new HashSet<>(2);

        Held(Map<String, Object> fields) {
            this.fields = fields;
        }
    }

    private record Binding(WSConnection connection, String channel) {
    }

    private record Slot(String channel, String key) {
    }

    Presence(WSHost host, Function<Session, Map<String, Object>> fields, Duration grace) {
        this.host = host;
        this.fields = fields;
        this.grace = grace;
    }

    /** The host joined its server's member: its listeners run on that server's handler threads. */
    void joined(ClusterMember member) {
        events = new SerialExecutor(member.handlers());
    }

    /** The public fields of the members of {@code channel}, on every server. */
    synchronized List<Map<String, Object>> members(String channel) {
        Map<String, Held> present = members.get(channel);
        if (present == null) {
            return List.of();
        }
        List<Map<String, Object>> snapshot = new ArrayList<>(present.size());
        present.values().forEach(held -> snapshot.add(held.fields));
        return List.copyOf(snapshot);
    }

    // --- this server's connections ---

    void bound(WSChannel channel, WSConnection connection) {
        if (!connection.hasSession()) {
            return; // presence counts sessions: a connection without one is nobody's
        }
        Session session = connection.session();
        String key = key(session.id());
        Map<String, Object> chosen = null;
        synchronized (this) {
            if (bindings.putIfAbsent(new Binding(connection, channel.name()), key) != null) {
                return;
            }
            Local hold = local.computeIfAbsent(channel.name(), c -> new HashMap<>()).get(key);
            if (hold != null) {
                hold.connections++;
                hold.leaving = 0; // back within the grace period: nobody heard it leave
                return;
            }
        }
        chosen = publicFields(session); // the application's code, outside the lock
        synchronized (this) {
            if (!bindings.containsKey(new Binding(connection, channel.name()))) {
                return; // unbound meanwhile: it never held anybody
            }
            Local hold = local.computeIfAbsent(channel.name(), c -> new HashMap<>()).get(key);
            if (hold != null) { // another connection of the session came meanwhile
                hold.connections++;
                hold.leaving = 0;
                return;
            }
            hold = new Local(chosen);
            hold.connections = 1;
            local.get(channel.name()).put(key, hold);
            hold(channel.name(), key, 0, chosen);
            tell(channel.name(), key, chosen);
        }
    }

    void unbound(WSChannel channel, WSConnection connection) {
        synchronized (this) {
            String key = bindings.remove(new Binding(connection, channel.name()));
            Local hold = key == null ? null : local.getOrDefault(channel.name(), Map.of()).get(key);
            if (hold == null || --hold.connections > 0) {
                return;
            }
            int leave = ++leaves;
            hold.leaving = leave;
            CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> leave(channel.name(), key, hold, leave));
        }
    }

    /** The grace period of {@code hold}'s leave number {@code leave} is over: it leaves, unless a connection came back since. */
    private synchronized void leave(String channel, String key, Local hold, int leave) {
        Map<String, Local> held = local.get(channel);
        if (hold.leaving != leave || held == null || held.get(key) != hold) {
            return;
        }
        held.remove(key);
        if (held.isEmpty()) {
            local.remove(channel);
        }
        release(channel, key, 0);
        tell(channel, key, null);
    }

    // --- the other servers ---

    synchronized void changed(long member, String channel, String key, byte[] json) {
        if (json == null) {
            release(channel, key, member);
        } else {
            hold(channel, key, member, MAPPER.readValue(json, FIELDS));
        }
    }

    /** Everybody {@code member} holds, replacing what it held before. */
    synchronized void state(long member, byte[] json) {
        Set<Slot> now = new HashSet<>();
        Map<Slot, Map<String, Object>> fieldsOf = new HashMap<>();
        for (List<Object> entry : MAPPER.readValue(json, STATE)) {
            Slot slot = new Slot((String) entry.get(0), (String) entry.get(1));
            now.add(slot);
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) entry.get(2);
            fieldsOf.put(slot, given);
        }
        for (Slot before : Set.copyOf(remote.getOrDefault(member, Set.of()))) {
            if (!now.contains(before)) {
                release(before.channel(), before.key(), member);
            }
        }
        for (Slot slot : now) {
            hold(slot.channel(), slot.key(), member, fieldsOf.get(slot));
        }
    }

    /** Everybody this server holds, for another that asked. */
    synchronized byte[] state() {
        List<List<Object>> entries = new ArrayList<>();
        local.forEach((channel, held) -> held.forEach((key, hold) -> entries.add(List.of(channel, key, hold.fields))));
        return MAPPER.writeValueAsBytes(entries);
    }

    synchronized void forget(long member) {
        for (Slot slot : Set.copyOf(remote.getOrDefault(member, Set.of()))) {
            release(slot.channel(), slot.key(), member);
        }
        remote.remove(member);
    }

    // --- the union, under the lock ---

    private void hold(String channel, String key, long holder, Map<String, Object> given) {
        Held held = members.computeIfAbsent(channel, c -> new HashMap<>()).get(key);
        boolean joins = held == null;
        if (joins) {
            held = new Held(given);
            members.get(channel).put(key, held);
        }
        if (!held.holders.add(holder)) {
            return;
        }
        if (holder != 0) {
            remote.computeIfAbsent(holder, m -> new HashSet<>()).add(new Slot(channel, key));
        }
        if (joins) {
            Map<String, Object> shown = held.fields;
            events.execute(() -> host.presenceChanged(channel, shown, true));
        }
    }

    private void release(String channel, String key, long holder) {
        Map<String, Held> present = members.get(channel);
        Held held = present == null ? null : present.get(key);
        if (holder != 0) {
            Set<Slot> slots = remote.get(holder);
            if (slots != null) {
                slots.remove(new Slot(channel, key));
            }
        }
        if (held == null || !held.holders.remove(holder) || !held.holders.isEmpty()) {
            return;
        }
        present.remove(key);
        if (present.isEmpty()) {
            members.remove(channel);
        }
        events.execute(() -> host.presenceChanged(channel, held.fields, false));
    }

    /** Tells the other servers, in the order of this server's changes (under the lock). */
    private void tell(String channel, String key, Map<String, Object> chosen) {
        WSCluster cluster = host.cluster();
        if (cluster.clustered()) {
            cluster.member().presence(cluster.key(), channel, key, chosen == null ? null : MAPPER.writeValueAsBytes(chosen));
        }
    }

    private Map<String, Object> publicFields(Session session) {
        Map<String, Object> chosen = fields.apply(session);
        return chosen == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(chosen));
    }

    /** What stands for a session in presence: a hash of its id, which says nothing of the id. */
    static String key(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
