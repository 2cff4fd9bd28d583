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

    /**
     * Renders a view. {@link HTTPConnection#render} waits for the stage and ends the response with
     * its text; a stage that fails makes the render throw its failure.
     *
     * @param source the view's name (or source), as the engine finds it
     * @param imports the values the view can use, by name
     * @return the rendered text, now or later
     */
    CompletionStage<String> render(String source, Map<String, Object> imports);

    /**
     * An engine from a synchronous render function. A {@code RuntimeException} that {@code render}
     * throws fails the returned stage.
     *
     * @param render turns a view name (or source) and the imports into text
     * @return an engine whose stages are complete when {@code render} returns
     */
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
