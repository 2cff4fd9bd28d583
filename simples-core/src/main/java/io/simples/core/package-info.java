/**
 * What HTTP and WebSocket connections share: {@link io.simples.core.Connection}, the request
 * view of a connection, and {@link io.simples.core.LoggerOptions}, its access log. The Netty
 * machinery under them (listeners, TLS, handler dispatch) lives in
 * {@code io.simples.core.internal}, which users never name.
 */
package io.simples.core;
