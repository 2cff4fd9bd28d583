package io.simples.ws;

import io.netty.buffer.ByteBuf;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF. What a WebSocket text message and a close reason must be (RFC 6455 §8.1).
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean isValid(ByteBuf buffer, int index, int length) {
        int end = index + length;
        int i = index;
        while (i < end) {
            int b = buffer.getByte(i++);
            if (b >= 0) {
                continue; // ASCII
            }
            b &= 0xFF;
            int more;
            int low = 0x80; // the range the next byte must lie in
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                if (b == 0xE0) {
                    low = 0xA0; // overlong below
                } else if (b == 0xED) {
                    high = 0x9F; // surrogates above
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                if (b == 0xF0) {
                    low = 0x90;
                } else if (b == 0xF4) {
                    high = 0x8F; // past U+10FFFF above
                }
            } else {
                return false; // a continuation byte first, C0, C1 or F5 and up
            }
            if (end - i < more) {
                return false;
            }
            int next = buffer.getUnsignedByte(i++);
            if (next < low || next > high) {
                return false;
            }
            for (int k = 1; k < more; k++) {
                next = buffer.getUnsignedByte(i++);
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
        }
        return true;
    }
}
