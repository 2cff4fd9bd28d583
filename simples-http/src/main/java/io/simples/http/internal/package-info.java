/**
 * Not API: one request from routing to its last byte, whatever carries it. An
 * {@link io.simples.http.internal.Exchange} owns a request's state and writes its
 * {@link io.simples.http.internal.Response} through a {@link io.simples.http.internal.Transport};
 * {@link io.simples.http.internal.Application} is what it needs of the routers a user built.
 * Public only for {@code io.simples.http} and its {@code http1} package; applications never name
 * it, and it never names {@code http1} (ArchitectureTest).
 */
package io.simples.http.internal;
