/**
 * The HTTP side of simpleS and its entry point: {@link io.simples.http.Simples},
 * {@link io.simples.http.Server}, {@link io.simples.http.Mirror}, {@link io.simples.http.HTTPHost},
 * {@link io.simples.http.Router} and {@link io.simples.http.HTTPConnection}.
 */
package io.simples.http;

