package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.epoll.Epoll;
import io.simples.core.internal.EventLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket transport in use is the one asked for: the default, or the one
 * {@code -Dsimples.transport} forces (this module's pom runs a set of tests again on each
 * transport that is not the default, listed in {@code src/test/transport-tests.txt}).
 */
@Timeout(30)
class TransportTest {

    @Test
    void the_transport_in_use_is_the_one_asked_for_and_it_serves() throws Exception {
        String forced = System.getProperty(EventLoops.PROPERTY);
        try (TestServer test = TestServer.with(s -> s.get("/", c -> c.end("up")))) {
            assertEquals("up", test.get("/").body());
            assertEquals(forced != null ? forced : Epoll.isAvailable() ? "epoll" : "nio", EventLoops.transportName());
        }
    }
}
