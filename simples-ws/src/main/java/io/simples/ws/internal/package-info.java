/**
 * Not API: what {@code simples-http} does with WebSocket endpoints and applications never do —
 * the upgrade ({@link io.simples.ws.internal.WebSocketUpgrade}), the client side's handshake and
 * frames ({@link io.simples.ws.internal.WebSocketClient}).
 */
package io.simples.ws.internal;
