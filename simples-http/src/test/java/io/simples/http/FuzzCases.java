package io.simples.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for {@link FuzzTest}: random bytes, valid requests broken in ways that make them
 * invalid for sure, valid requests mutated at random, and WebSocket frame sequences after a
 * valid handshake. Each case says what the server owes it.
 */
final class FuzzCases {

    /** What a case is, and so what may be asserted of the answer. */
    enum Kind {
        /** Random bytes: never a 2xx. */
        GARBAGE,
        /** A valid request made invalid on purpose: never a 2xx, never the request hidden in its body. */
        INVALID,
        /** A valid request mutated at random: it may still be valid; the server must just go on. */
        MUTATED,
        /** A valid request: answered, never the request hidden in its body. */
        VALID,
        /** A valid handshake, then random or mutated frames: the server ends the connection when the client does. */
        FRAMES
    }

    record Case(int index, Kind kind, String how, byte[] bytes) {
        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder();
            for (byte b : bytes.length > 400 ? java.util.Arrays.copyOf(bytes, 400) : bytes) {
                int c = b & 0xff;
                shown.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
            return "case " + index + " (" + kind + ", " + how + "): " + shown;
        }
    }

    static final String HIDDEN = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String HANDSHAKE = ConformanceRows.HANDSHAKE + "\r\n";

    private final Random random;

    FuzzCases(long seed) {
        random = new Random(seed);
    }

    List<Case> make(int count) {
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            cases.add(roll < 10 ? garbage(i) : roll < 45 ? invalid(i) : roll < 70 ? mutated(i) : roll < 80 ? valid(i) : frames(i));
        }
        return cases;
    }

    // --- valid requests ---

    private String validRequest() {
        String target = "/" + word() + (random.nextBoolean() ? "?q=" + word() + "&n=%20" + random.nextInt(100) : "");
        return switch (random.nextInt(5)) {
            case 0 -> "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nX-Note: " + word() + "\r\n\r\n";
            case 1 -> "HEAD " + target + " HTTP/1.1\r\nHost: x:" + (1 + random.nextInt(65535)) + "\r\n\r\n";
            case 2 -> "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " + HIDDEN.length()
                    + "\r\n\r\n" + HIDDEN;
            case 3 -> "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(HIDDEN.length()) + "\r\n" + HIDDEN + "\r\n0\r\n\r\n";
            default -> "GET " + target + " HTTP/1.0\r\n\r\n";
        };
    }

    private Case valid(int index) {
        return new Case(index, Kind.VALID, "as is", bytes(validRequest()));
    }

    // --- invalid on purpose ---

    private Case invalid(int index) {
        String request = validRequest();
        if (request.contains("HTTP/1.0")) {
            request = request.replace("HTTP/1.0\r\n", "HTTP/1.1\r\nHost: x\r\n");
        }
        int lineEnd = request.indexOf("\r\n");
        int targetStart = request.indexOf(' ') + 1;
        int targetEnd = request.indexOf(' ', targetStart);
        int hostLine = request.indexOf("Host: ");
        int hostEnd = request.indexOf("\r\n", hostLine);
        return switch (random.nextInt(11)) {
            case 0 -> {
                char bad = pick("\u0000\u0001\u0009\u000b\u000c\u001f\u0020\u007f\u0080\u00e9\u00ff#");
                // whitespace beside the separating space only widens it, which RFC 9112 §3 lets a server take
                boolean space = bad == '\u0009' || bad == '\u000b' || bad == '\u000c' || bad == '\u0020';
                int at = targetStart + 1 + random.nextInt(targetEnd - targetStart - (space ? 1 : 0));
                yield make(index, "a forbidden character in the target", insert(request, at, String.valueOf(bad)));
            }
            case 1 -> make(index, "no Host", request.substring(0, hostLine) + request.substring(hostEnd + 2));
            case 2 -> make(index, "two Hosts", insert(request, hostEnd + 2, "Host: " + pick("x", "y", "x:80") + "\r\n"));
            case 3 -> make(index, "a broken version", request.substring(0, targetEnd + 1)
                    + pick("http/1.1", "HTTP/2.0", "HTTP/1", "HTTP/x.y", "HTP/1.1", "HTTP/1.1 ", "HTTP/ 1.1", "HTTP/3.0")
                    + request.substring(lineEnd));
            case 4 -> {
                int at = hostLine + 7 + random.nextInt(Math.max(1, request.indexOf("\r\n\r\n") - hostLine - 7));
                at = request.indexOf("\r\n", at);
                yield make(index, "a control character in a field value", insert(request, at, "a" + pick("\u0000", "\r", "\n") + "b"));
            }
            case 5 -> make(index, "whitespace before a colon", insert(request, hostEnd + 2, "X-Bad" + pick(" ", "\t") + ": 1\r\n"));
            case 6 -> make(index, "Content-Length with Transfer-Encoding",
                    insert(request, hostEnd + 2, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"));
            case 7 -> make(index, "a bad Host", request.substring(0, hostLine) + "Host: "
                    + pick("a b", "x/y", "u@x", "x:99999", "x:", "[zz]", "", "x:8o") + request.substring(hostEnd));
            case 8 -> make(index, "a method that is no token or not ours",
                    pick("G@T", "GE T", "get", "FOO", "TRACE", "CONNECT") + request.substring(request.indexOf(' ')));
            case 9 -> make(index, "a fragment", insert(request, targetEnd, "#" + word()));
            default -> make(index, "a broken percent sign", insert(request, targetEnd, pick("%", "%g", "%4", "%zz")));
        };
    }

    private Case make(int index, String how, String request) {
        return new Case(index, Kind.INVALID, how, bytes(request));
    }

    // --- random ---

    private Case garbage(int index) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        if (random.nextBoolean()) {
            random.nextBytes(bytes);
            return new Case(index, Kind.GARBAGE, "random bytes", bytes);
        }
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes.length) {
            text.append(random.nextInt(8) == 0 ? "\r\n" : random.nextInt(6) == 0 ? " " : word());
        }
        return new Case(index, Kind.GARBAGE, "random words", bytes(text.toString()));
    }

    private Case mutated(int index) {
        byte[] request = bytes(validRequest());
        String how;
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(5);
                for (int i = 0; i < flips; i++) {
                    request[random.nextInt(request.length)] ^= (byte) (1 << random.nextInt(8));
                }
                how = flips + " bits flipped";
            }
            case 1 -> {
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                request = splice(request, random.nextInt(request.length), 0, noise);
                how = noise.length + " bytes inserted";
            }
            case 2 -> {
                int at = random.nextInt(request.length);
                request = splice(request, at, Math.min(request.length - at, 1 + random.nextInt(10)), new byte[0]);
                how = "bytes deleted";
            }
            case 3 -> {
                request = java.util.Arrays.copyOf(request, random.nextInt(request.length));
                how = "truncated";
            }
            default -> {
                request = bytes(new String(request, StandardCharsets.ISO_8859_1).replace("\r\n", random.nextBoolean() ? "\n" : "\r"));
                how = "line endings changed";
            }
        }
        return new Case(index, Kind.MUTATED, how, request);
    }

    private Case frames(int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(HANDSHAKE));
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            int opcode = random.nextInt(4) == 0 ? random.nextInt(16) : new int[]{0, 1, 2, 8, 9, 10}[random.nextInt(6)];
            int rsv = random.nextInt(5) == 0 ? random.nextInt(8) : 0;
            byte[] payload = new byte[random.nextInt(8) == 0 ? 100 + random.nextInt(1200) : random.nextInt(40)];
            if (random.nextBoolean()) {
                random.nextBytes(payload);
            } else {
                byte[] text = word().repeat(1 + payload.length / 8).getBytes(StandardCharsets.UTF_8);
                payload = java.util.Arrays.copyOf(text, payload.length);
            }
            byte[] frame = RawWebSocket.frame(random.nextInt(4) != 0, opcode, payload, random.nextInt(10) != 0, rsv);
            if (random.nextInt(6) == 0) {
                frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
            }
            out.writeBytes(frame);
        }
        return new Case(index, Kind.FRAMES, count + " frames", out.toByteArray());
    }

    // --- pieces ---

    private String word() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789-._~";
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.toString();
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private char pick(String characters) {
        return characters.charAt(random.nextInt(characters.length()));
    }

    private static String insert(String text, int at, String inserted) {
        return text.substring(0, at) + inserted + text.substring(at);
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at + removed, bytes.length - at - removed);
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
