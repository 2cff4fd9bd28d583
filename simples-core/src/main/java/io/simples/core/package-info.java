/**
 * What HTTP and WebSocket connections share: the request view of a connection, listeners on
 * Netty (bind, TLS, epoll or NIO, graceful close), handler dispatch and access-log formatting.
 * Users never name these types directly; {@code simples-http} and {@code simples-ws} build on them.
 */
package io.simples.core;
