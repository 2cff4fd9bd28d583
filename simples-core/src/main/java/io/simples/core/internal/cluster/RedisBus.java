package io.simples.core.internal.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A bus on Redis pub/sub (Lettuce): one connection publishes, one subscribes (a subscribed
 * connection can issue no other command), both on client resources of their own. Lettuce
 * reconnects by itself, at most half a second apart, and subscribes again; while a connection is
 * down, a publish fails at once instead of queueing, and while it is up at most {@value #QUEUE}
 * messages wait to leave, none longer than two seconds. Messages are delivered on Lettuce's thread,
 * in the order Redis sent them: the receiver must hand them on quickly.
 */
final class RedisBus implements Bus {

    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS);
    /** A message that could not leave within this long is dropped (it would arrive stale). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Messages waiting to leave at most; beyond, a publish fails at once: a burst cannot grow memory without bound. */
    private static final int QUEUE = 65_536;

    private final ClientResources resources;
    private final RedisClient client;
    private final byte[] channel;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private volatile Receiver receiver;

    RedisBus(String uri, String channelName) {
        this.resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        this.client = RedisClient.create(resources, uri);
        this.channel = channelName.getBytes(StandardCharsets.UTF_8);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(QUEUE)
                .build());
        try {
            this.publisher = client.connect(ByteArrayCodec.INSTANCE);
            this.subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    @Override
    public void start(Receiver started) {
        this.receiver = started;
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] from, byte[] message) {
                Receiver open = receiver;
                if (open != null) {
                    open.received(message);
                }
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                Receiver open = receiver;
                if (connection == subscriber && open != null) {
                    open.up();
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                Receiver open = receiver; // null once closed: a close is no outage
                if (connection == subscriber && open != null) {
                    open.down(new IOException("the cluster bus lost its Redis connection"));
                }
            }
        });
        subscriber.sync().subscribe(channel);
    }

    @Override
    public void publish(byte[] message, Runnable dropped) {
        try {
            publisher.async().publish(channel, message).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    dropped.run();
                }
            });
        } catch (RuntimeException e) {
            dropped.run();
        }
    }

    /** A journal on this bus's Redis, announcing on its channel (see {@link RedisJournal}). */
    Journal journal(String prefix, java.time.Duration keep, int count) {
        return new RedisJournal(publisher.async(), prefix, channel, keep, count);
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public void close() {
        receiver = null;
        try {
            subscriber.close();
            publisher.close();
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
