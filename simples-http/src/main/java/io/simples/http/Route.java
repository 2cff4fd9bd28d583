package io.simples.http;

/** One registered route: its method ("*" for {@code all}), its pattern, the router that owns it and its listener. */
record Route(String method, PathPattern pattern, Router router, HTTPListener listener) {
}
