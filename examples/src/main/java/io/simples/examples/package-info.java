/** Runnable example applications, each a plain {@code main} class. */
package io.simples.examples;
