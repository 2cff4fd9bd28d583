package io.simples.session.internal;

import io.simples.session.Session;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * What the cluster bus does with a live {@link Session} and applications never do: hear what its
 * store calls did once they landed (so that other processes can be told), and apply what another
 * process did (a destroy, a new id) to this process's copy, without a store call of its own.
 * {@code simples-session}'s one door between its API and the framework's internals: {@link Session}
 * hands its implementation over when its class is initialised (the JDK's "shared secrets"
 * pattern, written out here: this module cannot see core's {@code SharedSecret}).
 */
public final class SessionEvents {

    /** Hears a session's store calls once they have landed; called on the thread that completed them. */
    public interface Publisher {
        /** A save of {@code id} reached the store. */
        void saved(String id);

        /** {@code id} was removed from the store by {@code destroy()}. */
        void destroyed(String id);

        /** The session moved from {@code oldId} to {@code newId} ({@code generate()}), in memory so far. */
        void moved(String oldId, String newId);
    }

    /** Implemented by {@link Session}, installed once by it. */
    public interface Access {

        /** Where {@code session} tells of its store calls from now on (one publisher per session). */
        void publishTo(Session session, Publisher publisher);

        /**
         * Another process destroyed the session {@code id}: when {@code session} still has that id,
         * empty it and tell its listeners, without touching the store.
         */
        void destroyedElsewhere(Session session, String id);

        /**
         * Another process moved the session from {@code oldId} to {@code newId} (and will write it
         * there): when {@code session} still has {@code oldId}, it takes {@code newId}, keeps its
         * data and unsaved changes, and tells its listeners, without touching the store.
         */
        void movedElsewhere(Session session, String oldId, String newId);
    }

    /** Tells nothing: a session no cluster listens to. */
    public static final Publisher NOBODY = new Publisher() {
        @Override
        public void saved(String id) {
        }

        @Override
        public void destroyed(String id) {
        }

        @Override
        public void moved(String oldId, String newId) {
        }
    };

    private static volatile Access access;

    private SessionEvents() {
    }

    /**
     * Called by {@link Session}'s static initializer, once. {@code Session} is initialised first,
     * so any other caller finds its implementation taken.
     *
     * @throws IllegalStateException when installed already
     */
    public static void install(Access implementation) {
        Objects.requireNonNull(implementation, "implementation");
        initialiseSession(); // returns at once when called from Session's static initializer
        synchronized (SessionEvents.class) {
            if (access != null) {
                throw new IllegalStateException("Session's events are installed already");
            }
            access = implementation;
        }
    }

    public static void publishTo(Session session, Publisher publisher) {
        access().publishTo(session, publisher);
    }

    public static void destroyedElsewhere(Session session, String id) {
        access().destroyedElsewhere(session, id);
    }

    public static void movedElsewhere(Session session, String oldId, String newId) {
        access().movedElsewhere(session, oldId, newId);
    }

    private static Access access() {
        Access installed = access;
        if (installed == null) { // only before any session exists
            initialiseSession();
            installed = access;
        }
        return installed;
    }

    private static void initialiseSession() {
        try {
            MethodHandles.lookup().ensureInitialized(Session.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
