package io.simples.ws;

import static io.simples.ws.EmbeddedSocket.CLOSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.ws.EmbeddedSocket.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a {@link WSHost}, its {@link WSChannel}s and its {@link WSConnection}s do, on Netty's
 * embedded channel, in this module, without a server or a socket: opening and leaving the host,
 * broadcasts to the host and to a channel, closes from either end, advanced-mode events and asks,
 * an open listener that fails. The same behaviour over real sockets, with sessions and clusters, is
 * simples-it's.
 */
class WSHostTest {

    @Test
    void an_open_connection_joins_its_host_and_a_close_from_the_client_is_echoed_and_heard() {
        List<String> closes = new ArrayList<>();
        WSHost host = new WSHost("/ws", WSOptions.defaults(),
                connection -> connection.onClose((code, reason) -> closes.add(code + " " + reason)));
        try (EmbeddedSocket socket = EmbeddedSocket.open(host)) {
            assertEquals(1, host.connections().size(), "the open connection joined its host");
            socket.sendClose(1000, "bye");
            List<Frame> frames = socket.frames();
            assertEquals(1, frames.size(), "one answer: " + frames);
            assertEquals(CLOSE, frames.get(0).opcode());
            assertEquals(1000, frames.get(0).closeCode(), "the close is echoed with its code (RFC 6455 §5.5.1)");
            assertFalse(socket.channel().isActive(), "the server ends the TCP connection after its echo");
            assertEquals(List.of("1000 bye"), closes);
            assertEquals(0, host.connections().size(), "a closed connection left its host");
        }
    }

    @Test
    void a_broadcast_reaches_every_open_connection_and_a_channel_only_those_bound_to_it() {
        WSHost host = new WSHost("/ws", WSOptions.defaults(), connection -> connection.onMessage(message -> {
            if (message.text().equals("join")) {
                connection.endpoint().channel("room").bind(connection);
            } else if (message.text().equals("leave")) {
                connection.endpoint().channel("room").unbind(connection);
            }
        }));
        try (EmbeddedSocket member = EmbeddedSocket.open(host); EmbeddedSocket other = EmbeddedSocket.open(host)) {
            member.sendText("join");
            assertEquals(1, host.channel("room").connections().size());
            host.broadcast("to all");
            host.channel("room").broadcast("to the room");
            assertEquals(List.of("to all", "to the room"), member.texts());
            assertEquals(List.of("to all"), other.texts());

            member.sendText("leave");
            host.channel("room").broadcast("again");
            assertEquals(List.of(), member.texts(), "an unbound connection hears the channel no more");
            assertEquals(List.of(), other.texts());
        }
    }

    @Test
    void the_server_closes_with_its_code_and_reason_and_refuses_a_code_that_may_not_travel() {
        AtomicReference<WSConnection> opened = new AtomicReference<>();
        WSHost host = new WSHost("/ws", WSOptions.defaults(), opened::set);
        try (EmbeddedSocket socket = EmbeddedSocket.open(host)) {
            WSConnection connection = opened.get();
            assertThrows(IllegalArgumentException.class, () -> connection.close(1006), "1006 only describes a close");
            assertTrue(connection.isOpen(), "a refused close changes nothing");

            connection.close(4000, "done");
            assertFalse(connection.isOpen());
            assertFalse(connection.send("late"), "nothing is sent once the close began");
            List<Frame> frames = socket.frames();
            assertEquals(1, frames.size(), "the close frame alone: " + frames);
            assertEquals(4000, frames.get(0).closeCode());
            assertEquals("done", frames.get(0).closeReason());

            socket.sendClose(4000, "done"); // the client's answer ends the connection
            assertFalse(socket.channel().isActive());
            assertTrue(connection.closed().isDone());
        }
    }

    @Test
    void advanced_mode_events_reach_their_listeners_and_asks_are_answered_with_their_number() {
        WSHost host = new WSHost("/ws", WSOptions.defaults().advanced(true), connection -> {
            connection.on("greet", data -> connection.send("greeted", "hello " + data));
            connection.onAsk("double", data -> ((Number) data).intValue() * 2);
        });
        try (EmbeddedSocket socket = EmbeddedSocket.open(host)) {
            socket.sendText("{\"event\":\"greet\",\"data\":\"ann\"}");
            assertEquals(List.of("{\"event\":\"greeted\",\"data\":\"hello ann\"}"), socket.texts());
            socket.sendText("{\"event\":\"double\",\"data\":21,\"ask\":7}");
            assertEquals(List.of("{\"event\":\"double\",\"data\":42,\"answer\":7}"), socket.texts());
        }
    }

    @Test
    void an_open_listener_that_throws_closes_with_1011_and_error_listeners_hear_why() {
        List<Throwable> failures = new ArrayList<>();
        WSHost host = new WSHost("/ws", WSOptions.defaults(), connection -> {
            connection.onError(failures::add);
            throw new IllegalStateException("no room");
        });
        try (EmbeddedSocket socket = EmbeddedSocket.open(host)) {
            List<Frame> frames = socket.frames();
            assertEquals(CLOSE, frames.get(0).opcode());
            assertEquals(1011, frames.get(0).closeCode(), "RFC 6455 §7.4.1: the server met a condition it did not expect");
            assertEquals(1, failures.size());
            assertEquals("no room", failures.get(0).getMessage());
            assertEquals(0, host.connections().size(), "a connection that failed to open never joined its host");
        }
    }
}
