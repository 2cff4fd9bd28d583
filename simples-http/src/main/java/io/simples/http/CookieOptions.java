package io.simples.http;

import java.time.Duration;

/**
 * The attributes of a cookie set with {@link HTTPConnection#cookie(String, String, CookieOptions)}.
 *
 * @param maxAge how long the browser keeps it, or {@code null} for the browser session
 * @param path the path it is sent for ("/" by default)
 * @param domain the domain it is sent to, or {@code null} for this host only
 * @param secure sent over HTTPS only
 * @param httpOnly hidden from scripts (true by default)
 * @param sameSite "Strict", "Lax" (the default), "None", or {@code null} to leave it out
 */
public record CookieOptions(Duration maxAge, String path, String domain, boolean secure, boolean httpOnly,
                            String sameSite) {

    private static final CookieOptions DEFAULTS = new CookieOptions(null, "/", null, false, true, "Lax");

    /** Browser session, path "/", this host, HttpOnly, SameSite=Lax. */
    public static CookieOptions defaults() {
        return DEFAULTS;
    }

    public CookieOptions maxAge(Duration value) {
        return new CookieOptions(value, path, domain, secure, httpOnly, sameSite);
    }

    public CookieOptions secure(boolean value) {
        return new CookieOptions(maxAge, path, domain, value, httpOnly, sameSite);
    }

    public CookieOptions httpOnly(boolean value) {
        return new CookieOptions(maxAge, path, domain, secure, value, sameSite);
    }

    public CookieOptions path(String value) {
        return new CookieOptions(maxAge, value, domain, secure, httpOnly, sameSite);
    }

    public CookieOptions domain(String value) {
        return new CookieOptions(maxAge, path, value, secure, httpOnly, sameSite);
    }

    public CookieOptions sameSite(String value) {
        return new CookieOptions(maxAge, path, domain, secure, httpOnly, value);
    }
}
