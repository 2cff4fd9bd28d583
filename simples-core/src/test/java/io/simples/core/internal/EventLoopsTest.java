package io.simples.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.simples.core.internal.EventLoops.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventLoopsTest {

    @Test
    void without_a_forced_transport_epoll_is_chosen_where_it_loads_else_nio() {
        assertEquals(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, Transport.choose(null));
        assertEquals(Transport.choose(null), Transport.choose(" "));
    }

    @Test
    void a_forced_transport_is_named_as_the_property_spells_it_in_any_case() {
        assertEquals(Transport.NIO, Transport.choose("nio"));
        assertEquals(Transport.NIO, Transport.choose(" NIO "));
    }

    @Test
    void io_uring_is_chosen_when_forced_where_it_loads() {
        if (IoUring.isAvailable()) {
            assertEquals(Transport.IO_URING, Transport.choose("io_uring"));
        } else {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Transport.choose("io_uring"));
            assertTrue(refused.getMessage().contains("cannot load here"), refused.getMessage());
        }
    }

    @Test
    void an_unknown_transport_is_refused_with_the_names_it_could_have_been() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Transport.choose("kqueue"));
        assertTrue(refused.getMessage().contains("simples.transport=kqueue")
                && refused.getMessage().contains("io_uring, epoll or nio"), refused.getMessage());
    }
}
