/**
 * Not API: {@link io.simples.session.internal.SessionEvents}, what the cluster hears of a
 * session's store calls and applies of another process's changes.
 */
package io.simples.session.internal;
