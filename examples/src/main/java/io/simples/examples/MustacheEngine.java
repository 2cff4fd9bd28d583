package io.simples.examples;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import io.simples.http.TemplateEngine;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link TemplateEngine} on Mustache.java: views are {@code <name>.mustache} files under a
 * classpath folder, compiled once and cached by the factory. The imports are the template's
 * scope, {@code connection} among them.
 */
public final class MustacheEngine implements TemplateEngine {

    private final MustacheFactory factory;

    /** Views from the classpath folder {@code folder} (like "views"). */
    public MustacheEngine(String folder) {
        this.factory = new DefaultMustacheFactory(folder);
    }

    @Override
    public CompletionStage<String> render(String view, Map<String, Object> imports) {
        try {
            Mustache template = factory.compile(view + ".mustache");
            StringWriter out = new StringWriter();
            template.execute(out, imports);
            return CompletableFuture.completedFuture(out.toString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
