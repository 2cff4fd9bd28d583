package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.Cluster;
import io.simples.core.internal.CoreAccess;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.http.internal.InProcess;
import io.simples.session.Session;
import io.simples.session.internal.SessionEvents;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.ws.internal.WebSocketAccess;
import org.junit.jupiter.api.Test;

/**
 * Each module's door (docs/ARCHITECTURE.md, "shared secrets") takes its implementation from its
 * API class only: code that calls {@code install} itself, first or later, is refused, and the
 * API keeps working.
 */
class DoorsTest {

    @Test
    void no_other_code_installs_an_implementation_in_a_door() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CoreAccess.install((connection, head) -> { }));
        assertTrue(refused.getMessage().contains("Connection"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> CoreAccess.install(cluster -> null));
        assertThrows(IllegalStateException.class, () -> SessionEvents.install(new SessionEvents.Access() {
            @Override
            public void publishTo(Session session, SessionEvents.Publisher publisher) {
            }

            @Override
            public void destroyedElsewhere(Session session, String id) {
            }

            @Override
            public void movedElsewhere(Session session, String oldId, String newId) {
            }
        }));
        assertThrows(IllegalStateException.class, () -> WebSocketAccess.install((url, options, handlers, connector) -> null));
        assertThrows(IllegalStateException.class, () -> InProcess.install(InProcess.access()));

        try (Cluster cluster = Cluster.local(); TestApp app = SimplesTest.start(Simples.server(0).cluster(cluster))) {
            app.server().session(SessionOptions.defaults().enabled(true)).get("/", c -> {
                c.session().put("seen", "yes");
                c.end(String.valueOf(c.session().get("seen")));
            });
            assertEquals("yes", app.get("/").send().join().text(), "the real implementations stayed in place");
        }
    }
}
