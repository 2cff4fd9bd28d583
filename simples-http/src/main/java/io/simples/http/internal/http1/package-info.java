/**
 * Not API: HTTP/1.1 on a Netty channel. A {@link io.simples.http.internal.http1.ListeningPort}
 * accepts connections and builds their pipeline ({@link io.simples.http.internal.http1.HttpPipeline}:
 * head clock, codec, body reader); {@link io.simples.http.internal.http1.Http1Transport} orders
 * pipelined requests, makes an {@code Exchange} for each and writes its response.
 */
package io.simples.http.internal.http1;
