package io.simples.core.internal.cluster;

/**
 * The wire of a cluster: publishes a message to every process of the cluster, this one included,
 * and hands what arrives to one receiver. At most once: a message published while the wire is
 * down is refused, never queued.
 */
interface Bus extends AutoCloseable {

    /** What a bus hands over, on its own thread, in the order it received it. */
    interface Receiver {
        void received(byte[] message);

        /** The wire works again (after {@link #down}): what was said meanwhile is lost. */
        void up();

        /** The wire is broken; the bus tries again by itself. */
        void down(Throwable cause);
    }

    /** Starts delivering to {@code receiver}; called once. */
    void start(Receiver receiver);

    /** Publishes {@code message}; runs {@code dropped} if it could not (the wire is down), now or later. */
    void publish(byte[] message, Runnable dropped);

    /** True when this bus reaches no other process (in-process delivery only). */
    boolean inProcess();

    @Override
    void close();
}
