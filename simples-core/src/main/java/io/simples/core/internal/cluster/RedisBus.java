package io.simples.core.internal.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.simples.session.internal.RedisClients;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bus on Redis pub/sub (Lettuce): one connection publishes, one subscribes (a subscribed
 * connection can issue no other command), both on client resources of their own. Lettuce
 * reconnects by itself, at most half a second apart, and subscribes again; while a connection is
 * down, a publish fails at once instead of queueing, and while it is up at most {@value #QUEUE}
 * messages wait to leave, none longer than two seconds. Messages are delivered on Lettuce's thread,
 * in the order Redis sent them: the receiver must hand them on quickly.
 */
final class RedisBus implements Bus {

    /** A message that could not leave within this long is dropped (it would arrive stale). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Messages waiting to leave at most; beyond, a publish fails at once: a burst cannot grow memory without bound. */
    private static final int QUEUE = 65_536;

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final byte[] channel;
    private final StatefulConnection<byte[], byte[]> publisher;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private volatile Receiver receiver;

    /**
     * A bus on the Redis at {@code uri} (standalone, or {@code redis-sentinel://}), or on the Redis
     * Cluster the node at {@code uri} belongs to: there plain pub/sub reaches every node, the
     * subscription lives on one node and moves to another when that one dies (Lettuce's cluster
     * client reconnects its default connection round the nodes it knows).
     */
    RedisBus(String uri, String channelName, boolean cluster) {
        this.resources = RedisClients.resources();
        this.channel = channelName.getBytes(StandardCharsets.UTF_8);
        try {
            if (cluster) {
                RedisClusterClient clusterClient = RedisClusterClient.create(resources, uri);
                this.client = clusterClient;
                clusterClient.setOptions(RedisClients.clusterOptions(COMMAND_TIMEOUT).requestQueueSize(QUEUE).build());
                StatefulRedisClusterConnection<byte[], byte[]> connection = clusterClient.connect(ByteArrayCodec.INSTANCE);
                this.publisher = connection;
                this.commands = connection.async();
                this.subscriber = clusterClient.connectPubSub(ByteArrayCodec.INSTANCE);
            } else {
                RedisClient standalone = RedisClient.create(resources, uri);
                this.client = standalone;
                standalone.setOptions(ClientOptions.builder()
                        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(QUEUE)
                        .build());
                StatefulRedisConnection<byte[], byte[]> connection = standalone.connect(ByteArrayCodec.INSTANCE);
                this.publisher = connection;
                this.commands = connection.async();
                this.subscriber = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
            }
        } catch (RuntimeException e) {
            RedisClients.shutdown(null, resources);
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
            commands.publish(channel, message).whenComplete((receivers, failure) -> {
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
        return new RedisJournal(commands, prefix, channel, keep, count);
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
        RedisClients.shutdown(client, resources);
    }
}
