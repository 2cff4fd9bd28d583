package io.simples.core.internal;

import java.util.Objects;

/**
 * One implementation an API class hands to the framework's other modules when its class is
 * initialised (the JDK's "shared secrets" pattern): what they may do with its instances and
 * applications may not, without a public member on the API class and without reflection.
 *
 * @param <T> what the API class implements
 */
public final class SharedSecret<T> {

    private final String name;
    private volatile T implementation;

    /** {@code name} says whose secret it is, for the messages below. */
    public SharedSecret(String name) {
        this.name = name;
    }

    /**
     * Called once, from the API class's static initializer.
     *
     * @throws IllegalStateException when called again
     */
    public void install(T implementation) {
        Objects.requireNonNull(implementation, "implementation");
        synchronized (this) {
            if (this.implementation != null) {
                throw new IllegalStateException(name + " is installed already");
            }
            this.implementation = implementation;
        }
    }

    /**
     * The implementation: always there once an instance of the API class exists.
     *
     * @throws IllegalStateException before the API class was initialised
     */
    public T get() {
        T installed = implementation;
        if (installed == null) {
            throw new IllegalStateException(name + " is installed when its class is initialised, and it was not yet");
        }
        return installed;
    }
}
