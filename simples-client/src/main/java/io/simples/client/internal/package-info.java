/**
 * Not API: the HTTP client behind {@link io.simples.client.Client} — connection pools per origin,
 * one call from request to response, where a body goes, failures as the JDK's exceptions, names
 * resolved off the event loops, and the WebSocket connector.
 */
package io.simples.client.internal;
