/**
 * The client of simpleS ({@code simples-client}): {@link io.simples.client.Client} calls any
 * server over HTTP/1.1 ({@link io.simples.client.ClientRequest},
 * {@link io.simples.client.ClientResponse}) and opens WebSockets
 * ({@link io.simples.ws.ClientConnection}), on the event loops the servers of the process share.
 */
package io.simples.client;
