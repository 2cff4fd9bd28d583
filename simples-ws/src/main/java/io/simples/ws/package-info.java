/**
 * WebSocket endpoints: {@link io.simples.ws.WSHost}, {@link io.simples.ws.WSChannel} and
 * {@link io.simples.ws.WSConnection}, on Netty's {@code websocketx} codec. This package knows
 * nothing about routers: {@code Router.ws(...)} makes a host and hands it upgrade requests.
 */
package io.simples.ws;
