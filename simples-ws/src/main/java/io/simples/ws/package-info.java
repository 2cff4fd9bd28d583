/**
 * WebSocket endpoints: {@code WSHost}, {@code WSChannel} and {@code WSConnection}, built on
 * Netty's {@code websocketx} codec. This package knows nothing about routers; a router hands it
 * an upgrade request.
 */
package io.simples.ws;
