package io.simples.http.internal;

import io.simples.http.HTTPListener;
import io.simples.http.Router;

/** One registered route: its method ("*" for {@code all}), its pattern, the router that owns it and its listener. */
public record Route(String method, PathPattern pattern, Router router, HTTPListener listener) {
}
