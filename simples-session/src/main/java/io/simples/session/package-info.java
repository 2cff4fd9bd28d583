/**
 * Sessions and where they are kept: {@link io.simples.session.Session} (a thread-safe map with an
 * id, saved key by key), {@link io.simples.session.Store} and the stores provided —
 * {@link io.simples.session.MemoryStore}, {@link io.simples.session.FileStore},
 * {@link io.simples.session.RedisStore}. No Netty and no server here: a session can be used on its own.
 */
package io.simples.session;
