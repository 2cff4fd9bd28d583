package io.simples.examples;

import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.http.EventFilter;
import io.simples.http.EventHost;
import io.simples.http.EventStream;
import io.simples.http.HTTPConnection;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.session.FileStore;
import io.simples.session.MemoryStore;
import io.simples.session.RedisStore;
import io.simples.session.Session;
import io.simples.session.Store;
import io.simples.ws.WSChannel;
import io.simples.ws.WSConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat on one server, where HTTP and WebSocket share the user's session: log in with a form
 * (the name goes into the session, under a new session id), chat in rooms over a WebSocket in
 * advanced mode (each message is stamped on the server with the name from the session, never
 * from the client; the server's answer marks it delivered on the sender's page), see who is in
 * the room (presence: one entry per user, whatever their tabs and processes), log out (the
 * session is destroyed and the user's sockets close). A message past {@link #LIMIT} closes the
 * socket with 1009: the page says so, and reconnects. Nothing is lost across a reconnect
 * (recovery): a page that comes back, to this process or another, first gets the room's messages
 * it missed, in order; one that was away too long says so. {@code POST /notices} (a form field
 * {@code text}) sends a notice to every tab of the logged-in user, on every process, and answers
 * how many sockets got it.
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.Chat},
 * then open http://localhost:8080/. Sessions live in memory; {@code SIMPLES_STORE=file} keeps them
 * in {@code ./sessions} (a restart keeps users logged in), {@code SIMPLES_STORE=redis://host:6379}
 * in Redis.
 *
 * <p><b>As a cluster.</b> {@code SIMPLES_CLUSTER=redis://host:6379} makes every process started
 * with it one chat: rooms, logouts and logins reach the users of every process, and sessions are
 * kept in that Redis unless {@code SIMPLES_STORE} says otherwise. Start one per port:
 * {@code PORT=8081 SIMPLES_CLUSTER=redis://127.0.0.1:6379 mvn ... exec:java ...}, then {@code PORT=8082 ...}.
 *
 * <p><b>Watching a room.</b> {@code /rooms/NAME} is a read-only view of a room for a logged-in
 * user: its page follows the room's messages over Server-Sent Events ({@code EventSource}), which
 * reach it from every process of the cluster, and ends when the user logs out.
 */
public final class Chat {

    /** The largest message a page may send, in bytes: past it the socket closes with 1009, which the page explains. */
    static final int LIMIT = 8 * 1024;

    private Chat() {
    }

    public static void main(String[] args) {
        String cluster = System.getenv("SIMPLES_CLUSTER");
        String store = System.getenv().getOrDefault("SIMPLES_STORE", cluster != null ? cluster : "memory");
        ServerOptions options = ServerOptions.defaults().port(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        if (cluster != null) {
            options = options.cluster(Cluster.redis(cluster)); // joined before the port opens: no page connects unheard
        }
        Server server = start(options, store(store));
        System.out.println("Chat on http://localhost:" + server.port() + "/");
    }

    /** Starts the chat on {@code port} (0: an ephemeral one) with sessions in {@code store}. */
    public static Server start(int port, Store store) {
        return start(ServerOptions.defaults().port(port), store);
    }

    /** Starts the chat as {@code options} say (HTTPS, say: pages over HTTP/2, the chat's WebSocket over HTTP/1.1). */
    public static Server start(ServerOptions options, Store store) {
        Server server = Simples.server(options);
        server.session(SessionOptions.defaults().enabled(true).store(store).timeout(Duration.ofHours(1)));
        String login = resource("chat/login.html");
        String chat = resource("chat/chat.html");

        server.get("/", c -> c.type("html").end(c.session().containsKey("name") ? chat : login));
        server.clientScript("/simples.js");
        server.get("/chat.js", c -> c.type("js").end(resource("chat/chat.js")));
        server.post("/login", Chat::login);
        server.post("/logout", c -> {
            c.session().destroy().join(); // closes this user's sockets too
            c.redirect("/");
        });
        EventHost viewers = server.events("/rooms/:room/events", Chat::watch);
        server.get("/rooms/:room", c -> c.type("html").end(resource("chat/viewer.html")));
        WSHost rooms = server.ws("chat", WSOptions.defaults().advanced(true).limit(LIMIT), connection -> join(connection, viewers));
        rooms.presence(session -> Map.of("name", String.valueOf(session.get("name")))); // who is in each room, by user, on every process
        rooms.recovery(); // a page that reconnects gets what it missed (2 minutes, 1 000 messages)
        server.post("/notices", c -> notice(c, rooms));
        server.health("/health"); // readiness: the store (and the cluster's bus) answer
        return server;
    }

    private static void login(HTTPConnection connection) {
        String name = Objects.requireNonNullElse(connection.body().form().field("name"), "").trim();
        if (name.isEmpty() || name.length() > 40) {
            connection.status(400).type("html").end("A name of 1 to 40 characters, please. <a href=\"/\">Back</a>");
            return;
        }
        Session session = connection.session();
        session.generate().join(); // a new id on login: no session fixation
        session.put("name", name);
        connection.redirect("/");
    }

    /** A notice to every tab of the user, wherever it is connected (kept for a tab that is reconnecting). */
    private static void notice(HTTPConnection connection, WSHost rooms) {
        if (!connection.session().containsKey("name")) {
            connection.status(401).end("log in first");
            return;
        }
        String text = Objects.requireNonNullElse(connection.body().form().field("text"), "");
        if (text.isEmpty() || text.length() > 200) {
            connection.status(400).end("a notice of 1 to 200 characters, please");
            return;
        }
        ClusterCount count = rooms.toSession(connection.session().id(), "notice", text, Duration.ofSeconds(2)).join();
        connection.end(count.connections() + " sockets on " + count.servers() + " servers");
    }

    /** A read-only view of a room, for a logged-in user: the room's messages as events. */
    private static void watch(EventStream stream) {
        String name = stream.connection().session().get("name", String.class);
        if (name == null) {
            stream.connection().error(401);
            return;
        }
        String room = roomName(stream.connection().params().get("room"));
        inRoom(stream.host(), room); // registered here, so that this server delivers the room's messages from any server
        stream.send("watching", Map.of("room", room, "name", name));
    }

    /**
     * The filter of the viewers of {@code room}, by a name each server registers once one of its
     * viewers watches that room (a server that has none needs none).
     */
    private static EventFilter inRoom(EventHost viewers, String room) {
        return viewers.filter("room:" + room, stream -> room.equals(roomName(stream.connection().params().get("room"))));
    }

    private static String roomName(Object asked) {
        String name = String.valueOf(asked).replaceAll("[^A-Za-z0-9_-]", "");
        return name.isEmpty() ? "lobby" : name;
    }

    private static void join(WSConnection connection, EventHost viewers) {
        Session session = connection.session();
        String name = session.get("name", String.class);
        if (name == null) {
            connection.close(1008, "log in first");
            return;
        }
        WSChannel[] room = {enter(connection, "lobby")};
        connection.send("joined", Map.of("room", "lobby", "name", name));
        connection.send("members", names(room[0]));
        connection.on("join", data -> {
            room[0].unbind(connection);
            room[0] = enter(connection, roomName(data));
            connection.send("joined", Map.of("room", room[0].name(), "name", name));
            connection.send("members", names(room[0]));
        });
        connection.onAsk("say", data -> { // the answer is the page's "delivered" mark
            Map<String, Object> message = Map.of("name", session.get("name"), "text", String.valueOf(data), "room", room[0].name());
            room[0].broadcast("message", message);
            viewers.broadcast("message", message, inRoom(viewers, room[0].name()));
            return Map.of("delivered", true);
        });
    }

    /**
     * Binds {@code connection} to the room {@code name}; the first time this process sees the room,
     * it tells the room's connections here who is in it whenever that changes (each process its own,
     * so nobody hears it twice).
     */
    private static WSChannel enter(WSConnection connection, String name) {
        WSChannel room = connection.endpoint().channel(name);
        if (WATCHED.add(room)) {
            room.onJoin(member -> tellMembers(room)).onLeave(member -> tellMembers(room)).onClose(() -> WATCHED.remove(room));
        }
        return room.bind(connection);
    }

    /** The rooms whose presence this process tells its connections of. */
    private static final Set<WSChannel> WATCHED = ConcurrentHashMap.newKeySet();

    private static void tellMembers(WSChannel room) {
        List<Object> names = names(room);
        room.connections().forEach(connection -> connection.send("members", names));
    }

    private static List<Object> names(WSChannel room) {
        return room.members().stream().map(member -> member.get("name")).sorted(Comparator.comparing(String::valueOf)).toList();
    }

    private static Store store(String choice) {
        if (choice.equals("file")) {
            return new FileStore(Path.of("sessions"));
        }
        if (choice.startsWith("redis://")) {
            return RedisStore.connect(choice);
        }
        return new MemoryStore();
    }

    private static String resource(String name) {
        try (InputStream in = Chat.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
