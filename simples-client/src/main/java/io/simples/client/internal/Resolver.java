package io.simples.client.internal;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Host names resolved by the JDK (its cache, {@code /etc/hosts}, the system's DNS settings) on a
 * thread that may block, never on an event loop: the loops are shared with the servers of the
 * process, and one slow lookup there would stall every connection on it. IP literals are
 * answered at once.
 */
final class Resolver extends AddressResolverGroup<InetSocketAddress> {

    private final Executor blocking;

    Resolver(Executor blocking) {
        this.blocking = blocking;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
                if (literal != null) {
                    try {
                        promise.setSuccess(InetAddress.getByAddress(host, literal));
                    } catch (UnknownHostException e) {
                        promise.setFailure(e);
                    }
                    return;
                }
                blocking.execute(() -> {
                    try {
                        promise.trySuccess(InetAddress.getByName(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                blocking.execute(() -> {
                    try {
                        promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host)));
                    } catch (UnknownHostException | RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            }
        }.asAddressResolver();
    }
}
