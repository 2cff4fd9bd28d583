package io.simples.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.client.ClientResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server-Sent Events through the kit: an event stream is one more response that stays open, so
 * it reads alike in process and over a socket, its body taken piece by piece as it comes.
 */
@Timeout(60)
class EventStreamKitTest {

    /** Collects a streamed body as text, completing when it ends. */
    static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final CompletableFuture<String> body = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer piece) {
            text.append(StandardCharsets.UTF_8.decode(piece));
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(text.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void an_event_stream_reads_alike_over_both_transports(Transport transport) throws Exception {
        try (TestApp app = SimplesTest.start(io.simples.http.ServerOptions.defaults(), server -> server.events("/feed", stream -> {
            stream.retry(Duration.ofSeconds(1));
            stream.send("greeting", "hello\nagain", "1");
            stream.close();
        }), transport)) {
            Collector collector = new Collector();
            ClientResponse head = app.get("/feed").send(collector).get(10, TimeUnit.SECONDS);
            assertEquals(200, head.status());
            assertEquals("text/event-stream", head.header("content-type"));
            assertEquals("retry: 1000\n\nevent: greeting\nid: 1\ndata: hello\ndata: again\n\n",
                    collector.body.get(10, TimeUnit.SECONDS));
        }
    }
}
