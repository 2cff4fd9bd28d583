package io.simples.core.internal;

import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * One implementation an API class hands to the framework's other modules when its class is
 * initialised (the JDK's "shared secrets" pattern): what they may do with its instances and
 * applications may not, without a public member on the API class and without reflection. Each
 * module has one door (a class in its {@code internal} package) holding its secrets.
 *
 * <p>No code can install an implementation of its own in the owner's place: {@link #install}
 * initialises the owner first, whose static initializer installs the real one, so any other
 * caller finds it taken. {@link #get} initialises the owner too, so it never finds the secret
 * missing.
 *
 * @param <T> what the API class implements
 */
public final class SharedSecret<T> {

    private final Class<?> owner;
    private volatile T implementation;

    /** {@code owner} is the API class that installs the secret from its static initializer. */
    public SharedSecret(Class<?> owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Called once, from the owner's static initializer.
     *
     * @throws IllegalStateException when the secret is installed already (by the owner, when another
     *                               class calls this)
     */
    public void install(T implementation) {
        Objects.requireNonNull(implementation, "implementation");
        initialise(); // returns at once when called from the owner's static initializer
        synchronized (this) {
            if (this.implementation != null) {
                throw new IllegalStateException(owner.getSimpleName() + "'s secret is installed already");
            }
            this.implementation = implementation;
        }
    }

    /** The owner's implementation. */
    public T get() {
        T installed = implementation;
        if (installed == null) {
            initialise();
            installed = implementation;
            if (installed == null) { // only while the owner's own static initializer runs, before it installs
                throw new IllegalStateException(owner.getSimpleName() + " installs its secret when its class is initialised");
            }
        }
        return installed;
    }

    private void initialise() {
        try {
            MethodHandles.lookup().ensureInitialized(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(owner + " is not public", e);
        }
    }
}
