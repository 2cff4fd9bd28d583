/**
 * HTTP/2 on the transport seam: a connection's frames (Netty's {@code Http2FrameCodec}, its flow
 * control and its rapid-reset guard), one child channel per stream, and on each stream one
 * exchange through the same hosts, routers, sessions and files as HTTP/1.1. Not API.
 */
package io.simples.http.internal.http2;
