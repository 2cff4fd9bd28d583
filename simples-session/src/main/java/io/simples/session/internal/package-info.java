/**
 * Not API: {@link io.simples.session.internal.SessionEvents}, what the cluster hears of a
 * session's store calls and applies of another process's changes, and
 * {@link io.simples.session.internal.RedisClients}, what the Redis store's and the cluster bus's
 * Lettuce clients share.
 */
package io.simples.session.internal;
