package io.simples.http;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Renders views for {@link HTTPConnection#render} and view routes: any engine that turns a view
 * name (or source) and a map of imports into text, at once or later. {@link #of} adapts an
 * engine that renders synchronously.
 */
@FunctionalInterface
public interface TemplateEngine {

    CompletionStage<String> render(String source, Map<String, Object> imports);

    /** An engine from a synchronous render function. */
    static TemplateEngine of(BiFunction<String, Map<String, Object>, String> render) {
        Objects.requireNonNull(render, "render");
        return (source, imports) -> {
            try {
                return CompletableFuture.completedFuture(render.apply(source, imports));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
