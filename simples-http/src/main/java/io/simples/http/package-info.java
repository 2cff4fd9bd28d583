/**
 * The HTTP side of simpleS and its entry point: {@code Simples}, {@code Server}, {@code Mirror},
 * {@code HTTPHost}, {@code Router} and {@code HTTPConnection}.
 */
package io.simples.http;
