package io.simples.core.internal.cluster;

/** The bus of servers in one process: a message goes straight back to the receiver, on the publisher's thread. */
final class LocalBus implements Bus {

    private volatile Receiver receiver;

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void publish(byte[] message, Runnable dropped) {
        Receiver target = receiver;
        if (target != null) {
            target.received(message);
        }
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public void close() {
        receiver = null;
    }
}
