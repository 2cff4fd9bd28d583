package io.simples.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestHeadCookieTest {

    private static final List<String> NAMES = List.of("_session", "a", "$Path", "$Pathx", "$Version");

    @Test
    void finds_the_value_the_lax_decoder_finds_first() {
        assertEquals("abc", RequestHead.cookieValue("_session=abc", "_session"));
        assertEquals("abc", RequestHead.cookieValue("theme=dark; _session=\"abc\"; _session=later", "_session"));
        assertEquals("", RequestHead.cookieValue("a=1;_session=", "_session"));
        assertEquals("later", RequestHead.cookieValue("_session=\"abc; _session=later", "_session"), "unbalanced quotes: skipped");
        assertNull(RequestHead.cookieValue("x_session=abc; a=b _session=c", "_session"), "inside another pair");
        assertNull(RequestHead.cookieValue("_session; a=b", "_session"), "no value");
        assertNull(RequestHead.cookieValue("", "_session"));
        assertEquals("abc", RequestHead.cookieValue("a=1;\t_session =abc", "_session"), "names are trimmed");
        assertEquals("abc", RequestHead.cookieValue("\u0001=x; _session=abc", "_session"), "Netty's decoder throws on that first pair");
        assertEquals("1", RequestHead.cookieValue("$Version=1; $Path=/; a=1; $Path=/x", "a"));
        assertNull(RequestHead.cookieValue("$Version=1; $Path=/; a=1", "$Path"), "an RFC 2965 attribute, not a cookie");
    }

    @Test
    void agrees_with_the_lax_decoder_on_random_headers() {
        String[] parts = {"_session", "a", "=", ";", ",", " ", "\t", "\"", "$Path", "$Version", "x", "1", "$Version=1;", "; ", "\u0001", "\u00e9"};
        Random random = new Random(18);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder header = new StringBuilder();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                header.append(parts[random.nextInt(parts.length)]);
            }
            String text = header.toString();
            for (String name : NAMES) {
                assertEquals(firstByNetty(text, name), RequestHead.cookieValue(text, name), () -> "header [" + text + "], cookie " + name);
            }
        }
    }

    @Test
    void every_pair_comes_in_the_order_sent() {
        List<String> pairs = new ArrayList<>();
        RequestHead.forEachCookie("b=2; a=\"1\"; \u0001=x; b=3; c", (name, value) -> pairs.add(name + ":" + value));
        assertEquals(List.of("b:2", "a:1", "b:3"), pairs);
    }

    /** The first value of the cookie as Netty's decoder reads it; the header is skipped (returned as is) where it throws. */
    private static String firstByNetty(String header, String name) {
        List<Cookie> cookies;
        try {
            cookies = ServerCookieDecoder.LAX.decodeAll(header);
        } catch (IllegalArgumentException e) { // a name of only control characters: we skip that pair instead
            return RequestHead.cookieValue(header, name);
        }
        for (Cookie cookie : cookies) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }
}
