package io.simples.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8} agrees with the JDK's strict UTF-8 decoder on every byte sequence tried: random
 * ones weighted towards the bytes where the rules are (lead bytes, continuation bytes, the edges
 * of the overlong, surrogate and past-U+10FFFF ranges), and every sequence of up to three bytes
 * drawn from those edges.
 */
class Utf8Test {

    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
        0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};

    @Test
    void agrees_with_the_jdk_on_random_sequences() {
        Random random = new Random(18);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(9)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : EDGES[random.nextInt(EDGES.length)]);
            }
            check(bytes);
        }
    }

    @Test
    void agrees_with_the_jdk_on_every_short_sequence_of_edges() {
        for (int a : EDGES) {
            check(new byte[]{(byte) a});
            for (int b : EDGES) {
                check(new byte[]{(byte) a, (byte) b});
                for (int c : EDGES) {
                    check(new byte[]{(byte) a, (byte) b, (byte) c});
                    check(new byte[]{(byte) a, (byte) b, (byte) c, (byte) 0x80});
                }
            }
        }
    }

    @Test
    void reads_only_the_range_it_is_given() {
        ByteBuf buffer = Unpooled.wrappedBuffer(new byte[]{(byte) 0xC3, 'o', 'k', (byte) 0xC3});
        assertEquals(true, Utf8.isValid(buffer, 1, 2));
        assertEquals(false, Utf8.isValid(buffer, 0, 3));
        assertEquals(false, Utf8.isValid(buffer, 1, 3), "a lead byte at the end of the range, its continuation past it");
    }

    private static void check(byte[] bytes) {
        assertEquals(jdkSaysValid(bytes), Utf8.isValid(Unpooled.wrappedBuffer(bytes), 0, bytes.length),
                () -> HexFormat.ofDelimiter(" ").formatHex(bytes));
    }

    private static boolean jdkSaysValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
