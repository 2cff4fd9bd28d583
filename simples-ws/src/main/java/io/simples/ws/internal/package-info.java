/**
 * Not API: what {@code simples-http} and {@code simples-client} do with WebSockets and applications
 * never do — the module's door ({@link io.simples.ws.internal.WebSocketAccess}: the upgrade, a
 * client connection's making), the client side's handshake and frames
 * ({@link io.simples.ws.internal.WebSocketClient}).
 */
package io.simples.ws.internal;
