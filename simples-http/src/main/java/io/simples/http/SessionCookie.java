package io.simples.http;

import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.simples.session.Session;
import java.time.Duration;

/** The {@code _session} cookie: the id, {@code Path=/; HttpOnly; SameSite=Lax}, the timeout as its lifetime, {@code Secure} over HTTPS. */
final class SessionCookie {

    static final String NAME = "_session";

    private SessionCookie() {
    }

    static String encode(Session session, Duration timeout, boolean secure) {
        DefaultCookie cookie = new DefaultCookie(NAME, session.id());
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
        cookie.setMaxAge(timeout.toSeconds());
        cookie.setSecure(secure);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }
}
