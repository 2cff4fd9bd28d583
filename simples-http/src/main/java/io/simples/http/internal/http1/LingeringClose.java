package io.simples.http.internal.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection after a refusal (400, 408, 413, 417, 431...) so that the client reads the
 * refusal: once it is written, the server's side is shut (the client reads the answer, then the
 * end of the stream), what the client still sends is read and dropped, and the connection closes
 * when the client closes its side or {@value #LINGER_MILLIS} ms later.
 *
 * <p>Why: a client refused in the middle of a large body is still sending it. Closing the socket
 * at once, with its bytes unread in the kernel's buffer, makes the kernel answer with a reset,
 * and a client that gets the reset before it has read the answer loses the answer too (the JDK's
 * HttpClient reports "header parser received no bytes"; CI met it on an upload past the limit).
 * Web servers call this a lingering close. The handlers before the transport drop the rest of a
 * refused request already. {@code HeadTimer}'s 408 for a head that comes too slowly still closes
 * at once: lingering would only hold a slow client's connection longer.
 */
final class LingeringClose implements ChannelFutureListener {

    static final LingeringClose AFTER_WRITE = new LingeringClose();
    static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    @Override
    public void operationComplete(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        var deadline = channel.eventLoop().schedule((Runnable) channel::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> deadline.cancel(false));
        channel.config().setAutoRead(true); // keep draining what the client sends, so that nothing is left unread
        duplex.shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                channel.close();
            }
        });
    }
}
