package io.simples.core.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journal in memory: ids that grow, a count kept, gaps told, marks that keep the first position. */
@Timeout(10)
class MemoryJournalTest {

    private final MemoryJournal journal = new MemoryJournal(Duration.ofMinutes(2), 3);

    private String append(String stream, String text) {
        synchronized (journal) {
            return journal.append(stream, text);
        }
    }

    @Test
    void ids_grow_and_a_replay_gives_what_came_after_a_position_in_order() {
        String first = append("s:a", "1");
        String second = append("s:a", "2");
        String third = append("s:a", "3");
        assertTrue(Journal.compare(first, second) < 0 && Journal.compare(second, third) < 0);
        Journal.Replay replay = journal.replay("a", "s", first).join();
        assertEquals(List.of("2", "3"), replay.entries().stream().map(Journal.Entry::text).toList());
        assertFalse(replay.gap());
        assertTrue(journal.replay("b", "s", Journal.ORIGIN).join().entries().isEmpty(), "another session's stream");
    }

    @Test
    void past_the_count_the_oldest_go_and_a_position_before_them_has_a_gap() {
        String first = append("c:room", "1");
        String second = append("c:room", "2");
        for (int i = 3; i <= 5; i++) {
            append("c:room", Integer.toString(i));
        }
        Journal.Replay fromFirst = journal.replay("a", "c:room", first).join();
        assertTrue(fromFirst.gap(), "2 is gone");
        assertEquals(List.of("3", "4", "5"), fromFirst.entries().stream().map(Journal.Entry::text).toList());
        assertFalse(journal.replay("a", "c:room", second).join().gap(), "only what it had seen is gone");
    }

    @Test
    void a_mark_keeps_the_first_position_until_it_is_removed() {
        append("c:room", "before");
        String at = journal.mark("a", "c:room", Duration.ofMinutes(1)).join();
        append("c:room", "after");
        String now = journal.mark("a", "c:room", Duration.ofMinutes(1)).join();
        assertTrue(Journal.compare(now, at) > 0, "a mark answers where the stream stands now");
        assertEquals(Map.of("c:room", at), journal.marks("a", Duration.ofMinutes(1)).join());
        journal.unmark("a", "c:room");
        assertEquals(Map.of(), journal.marks("a", Duration.ofMinutes(1)).join());
        assertEquals(Journal.ORIGIN, journal.mark("a", "s", Duration.ofMinutes(1)).join(), "an empty stream stands at the origin");
    }

    @Test
    void ids_compare_as_numbers_and_only_ids_are_ids() {
        assertTrue(Journal.compare("9-0", "10-0") < 0);
        assertTrue(Journal.compare("10-2", "10-10") < 0);
        assertEquals("10-10", Journal.later("10-2", "10-10"));
        for (String bad : List.of("", "-", "1-", "-1", "a-1", "1-a", "1", "1-1-1", "12345678901234567890-1")) {
            assertFalse(Journal.isId(bad), bad);
        }
        assertTrue(Journal.isId("1796655318009-0"));
    }
}
