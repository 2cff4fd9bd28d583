package io.simples.test;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension: one application per class in a static field, one per test in an instance field; what it injects. */
@Timeout(60)
class SimplesExtensionTest {

    /** A counter in the session: what a test's cookie jar keeps. */
    static void counter(Server server) {
        server.session(SessionOptions.defaults().enabled(true));
        server.get("/count", c -> {
            int count = (Integer) c.session().getOrDefault("count", 0) + 1;
            c.session().put("count", count);
            c.end(String.valueOf(count));
        });
        server.get("/host", c -> c.end(c.hostname() + " " + c.ip()));
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnePerClass {

        static final AtomicReference<Server> first = new AtomicReference<>();

        @RegisterExtension
        static final SimplesExtension app = SimplesExtension.routes(SimplesExtensionTest::counter)
                .transport(Transport.IN_PROCESS); // whatever -Dsimples.test.transport says

        @Test
        @Order(1)
        void the_server_the_client_and_the_app_are_injected(TestApp injected, Server server, Client client) {
            assertSame(app.app(), injected);
            assertSame(injected.server(), server);
            assertSame(injected.client(), client);
            assertEquals(Transport.IN_PROCESS, injected.transport());
            assertEquals(-1, server.port(), "in process: no port");
            assertEquals("1", await(injected.get("/count").send()).text());
            first.set(server);
        }

        @Test
        @Order(2)
        void the_next_test_shares_the_application_and_its_cookie_jar(TestApp injected) {
            assertSame(first.get(), injected.server());
            assertEquals("2", await(injected.get("/count").send()).text());
        }

        @Nested
        class Inside {
            @Test
            void a_nested_class_shares_it_too(TestApp injected) {
                assertSame(first.get(), injected.server(), "the enclosing class's, not one of its own");
                assertTrue(injected.server().started());
            }
        }
    }

    @Nested
    class OnePerTest {

        static final AtomicReference<Server> seen = new AtomicReference<>();

        @RegisterExtension
        final SimplesExtension app = SimplesExtension.routes(SimplesExtensionTest::counter).transport(Transport.SOCKET);

        @Test
        void each_test_gets_a_fresh_application_over_a_socket_when_asked(TestApp injected) {
            assertEquals(Transport.SOCKET, injected.transport());
            assertTrue(injected.server().port() > 0);
            assertEquals("1", await(injected.get("/count").send()).text(), "a fresh session");
            Server previous = seen.getAndSet(injected.server());
            if (previous != null) {
                assertNotSame(previous, injected.server());
                assertTrue(!previous.started(), "the last test's application was stopped");
            }
        }

        @Test
        void another_test_another_application(TestApp injected) {
            each_test_gets_a_fresh_application_over_a_socket_when_asked(injected);
        }
    }

    @Test
    void a_url_of_any_host_reaches_the_application_with_that_host() {
        try (TestApp app = SimplesTest.start(ServerOptions.defaults(), SimplesExtensionTest::counter, Transport.IN_PROCESS)) {
            assertEquals("admin.example.com 127.0.0.1", await(app.client().get("http://admin.example.com/host").send()).text());
            assertEquals("localhost 127.0.0.1", await(app.get("/host").send()).text());
            assertEquals("http://localhost/host", app.url("host"));
            assertEquals("ws://localhost/chat", app.wsUrl("/chat"));
        }
    }
}
