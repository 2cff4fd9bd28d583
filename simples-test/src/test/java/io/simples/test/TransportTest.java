package io.simples.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The switch that runs every kit test over a socket: {@code -Dsimples.test.transport=socket}. */
@Timeout(30)
class TransportTest {

    private final String before = System.getProperty(Transport.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Transport.PROPERTY);
        } else {
            System.setProperty(Transport.PROPERTY, before);
        }
    }

    @Test
    void in_process_unless_the_property_says_socket() {
        System.clearProperty(Transport.PROPERTY);
        assertEquals(Transport.IN_PROCESS, Transport.byDefault());
        System.setProperty(Transport.PROPERTY, "socket");
        assertEquals(Transport.SOCKET, Transport.byDefault());
        try (TestApp app = SimplesTest.start(server -> server.get("/", c -> c.end("hi")))) {
            assertEquals(Transport.SOCKET, app.transport());
            assertEquals("hi", app.get("/").send().join().text());
        }
        System.setProperty(Transport.PROPERTY, "In-Process");
        assertEquals(Transport.IN_PROCESS, Transport.byDefault());
        System.setProperty(Transport.PROPERTY, "carrier-pigeon");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, Transport::byDefault);
        assertEquals("simples.test.transport=carrier-pigeon names no transport: in_process or socket", wrong.getMessage());
    }
}
