/**
 * The test kit: an application's routes and WebSockets called from a test in the same JVM,
 * through the server's real pipeline (codec, limits, hosts, sessions, CORS, compression) but
 * without a port, with simpleS's own client; or over a real socket when a test needs one.
 *
 * <pre>{@code
 * try (TestApp app = SimplesTest.start(server -> server.get("/", c -> c.end("hi")))) {
 *     assertEquals("hi", app.get("/").send().join().text());
 * }
 * }</pre>
 *
 * <p>{@link io.simples.test.SimplesTest} starts an application, {@link io.simples.test.TestApp}
 * is the started one (its server, its client, its URLs), {@link io.simples.test.Transport} says
 * in process or over a socket, and {@link io.simples.test.SimplesExtension} does the same around
 * JUnit Jupiter tests.
 */
package io.simples.test;
