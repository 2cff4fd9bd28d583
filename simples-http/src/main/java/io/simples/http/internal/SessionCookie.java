package io.simples.http.internal;

import io.simples.session.Session;
import java.time.Duration;

/** The {@code _session} cookie: the id, the timeout as its {@code Max-Age}, {@code Path=/; HttpOnly; SameSite=Lax}, {@code Secure} over HTTPS. */
public final class SessionCookie {

    public static final String NAME = "_session";

    private SessionCookie() {
    }

    /** Written by hand: the id is hex and the rest is fixed, so there is nothing to escape (and no Expires date to format). */
    public static String encode(Session session, Duration timeout, boolean secure) {
        return NAME + "=" + session.id() + "; Max-Age=" + timeout.toSeconds() + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
