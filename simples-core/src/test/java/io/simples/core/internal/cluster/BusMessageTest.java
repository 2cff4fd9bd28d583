package io.simples.core.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bus's wire format: every kind comes back as it went, and nothing else is taken for a message. */
class BusMessageTest {

    @Test
    void every_kind_comes_back_as_it_went() throws Exception {
        List<BusMessage> messages = List.of(
                new BusMessage.Hello(1),
                new BusMessage.Bye(-2),
                new BusMessage.Bind(3, "example.com /chat", "room", "admins"),
                new BusMessage.CloseChannel(4, " /chat", "röom ✓"),
                new BusMessage.Count(5, 6, " /chat", null),
                new BusMessage.Count(5, 6, " /chat", "lobby"),
                new BusMessage.Counted(7, 8, 9, 10_000),
                new BusMessage.SessionSaved(11, "0123456789abcdef0123456789abcdef"),
                new BusMessage.SessionDestroyed(12, "0123456789abcdef0123456789abcdef"),
                new BusMessage.SessionMoved(13, "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"));
        for (BusMessage message : messages) {
            assertEquals(message, BusMessage.decode(BusMessage.encode(message)));
            assertTrue(BusMessage.sentBy(BusMessage.encode(message), message.sender()));
            assertFalse(BusMessage.sentBy(BusMessage.encode(message), message.sender() + 1));
        }
        byte[] payload = {0, 1, 2, (byte) 0xff};
        BusMessage.Broadcast broadcast = (BusMessage.Broadcast) BusMessage.decode(
                BusMessage.encode(new BusMessage.Broadcast(14, " /chat", null, "admins", true, payload)));
        assertEquals(" /chat", broadcast.host());
        assertEquals(null, broadcast.channel());
        assertEquals("admins", broadcast.filter());
        assertTrue(broadcast.binary());
        assertArrayEquals(payload, broadcast.payload());
        BusMessage.ToSession toSession = (BusMessage.ToSession) BusMessage.decode(
                BusMessage.encode(new BusMessage.ToSession(15, 16, " /chat", "0123456789abcdef", false, payload)));
        assertEquals(16, toSession.request());
        assertEquals(" /chat", toSession.host());
        assertEquals("0123456789abcdef", toSession.session());
        assertFalse(toSession.binary());
        assertArrayEquals(payload, toSession.payload());
    }

    @Test
    void a_recorded_message_takes_the_id_the_journal_writes_after_it() throws Exception {
        BusMessage.Recorded sent = new BusMessage.Recorded(17, 18, " /chat", "röom", null, "{\"event\":\"x\",\"data\":1}", null);
        byte[] announcement = BusMessage.announcement(sent);
        assertTrue(BusMessage.isRecorded(announcement));
        assertFalse(BusMessage.isRecorded(BusMessage.encode(new BusMessage.Hello(17))));
        byte[] id = "1796655318009-12".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(announcement, announcement.length + id.length);
        System.arraycopy(id, 0, whole, announcement.length, id.length);
        assertEquals(new BusMessage.Recorded(17, 18, " /chat", "röom", null, sent.text(), "1796655318009-12"),
                BusMessage.decode(whole));
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(announcement), "no id");
        byte[] notAnId = Arrays.copyOf(announcement, announcement.length + 3);
        System.arraycopy("x-1".getBytes(StandardCharsets.US_ASCII), 0, notAnId, announcement.length, 3);
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(notAnId));
        byte[] both = BusMessage.announcement(new BusMessage.Recorded(1, 0, "h", "c", "s", "{}", null));
        byte[] bothWithId = Arrays.copyOf(both, both.length + 3);
        System.arraycopy("1-0".getBytes(StandardCharsets.US_ASCII), 0, bothWithId, both.length, 3);
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(bothWithId), "a channel and a session");
    }

    @Test
    void garbage_cut_messages_and_trailing_bytes_are_malformed() {
        byte[] good = BusMessage.encode(new BusMessage.Broadcast(1, " /chat", "lobby", null, false,
                "hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode("not ours".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(new byte[0]));
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(cut), "cut at " + length);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(longer));
        byte[] newer = good.clone();
        newer[1] = 2; // a version we do not know
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(newer));
        byte[] unknownKind = good.clone();
        unknownKind[2] = 99;
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(unknownKind));
        byte[] missingHost = BusMessage.encode(new BusMessage.Bind(1, "h", "c", "f"));
        missingHost[11] = -1; // the host's length, as "none"
        missingHost[12] = -1;
        missingHost[13] = -1;
        missingHost[14] = -1;
        assertThrows(BusMessage.MalformedMessage.class, () -> BusMessage.decode(missingHost));
    }

    @Test
    void random_bytes_never_escape_as_anything_but_malformed() {
        Random random = new Random(16);
        byte[] good = BusMessage.encode(new BusMessage.Count(1, 2, " /chat", "lobby"));
        int decoded = 0;
        int malformed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(64)] : good.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
                if (bytes.length > 2) {
                    bytes[0] = BusMessage.MAGIC;
                    bytes[1] = BusMessage.VERSION;
                }
            } else {
                bytes[3 + random.nextInt(bytes.length - 3)] = (byte) random.nextInt();
            }
            try {
                BusMessage.decode(bytes); // anything but MalformedMessage escapes and fails the test
                decoded++;
            } catch (BusMessage.MalformedMessage expected) {
                malformed++;
            }
        }
        assertTrue(decoded > 0 && malformed > 0, decoded + " decoded, " + malformed + " malformed");
    }
}
