package io.simples.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedStringsTest {

    @Test
    void equal_strings_share_one_copy_until_the_table_is_full_and_long_ones_never() {
        String first = new String("ws-host.example:8080");
        assertSame(first, SharedStrings.of(first));
        assertSame(first, SharedStrings.of(new String("ws-host.example:8080")), "the copy kept first");
        String longOne = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        assertNotSame(SharedStrings.of(longOne), SharedStrings.of(new String(longOne)), "too long to keep");
        assertNull(SharedStrings.of((String) null));
        for (int i = 0; i < SharedStrings.CAPACITY; i++) {
            SharedStrings.of("filler-" + i);
        }
        String late = new String("came after the table filled");
        assertSame(late, SharedStrings.of(late));
        assertNotSame(late, SharedStrings.of(new String(late)), "not kept: the table never grows past its capacity");
        assertEquals("came after the table filled", SharedStrings.of(late));
        assertSame(first, SharedStrings.of(new String("ws-host.example:8080")), "what was kept stays");
    }
}
