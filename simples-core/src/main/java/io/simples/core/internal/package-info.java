/**
 * Not API: what {@code simples-ws} and {@code simples-http} share — the request head, the live
 * sessions and their holds, the acceptor and the event loops, hand-offs to handler threads,
 * {@code Rejection}, pipeline names, shared secrets. Public only for those modules; applications
 * never name it (ArchitectureTest).
 */
package io.simples.core.internal;
