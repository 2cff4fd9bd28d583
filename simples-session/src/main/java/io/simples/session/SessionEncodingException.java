package io.simples.session;

/**
 * A session value that a store leaving the process cannot encode as JSON. It names the key, so
 * the fix is obvious: store something Jackson can write (a string, number, boolean, list, map,
 * record or bean) under that key. The save that met it wrote nothing.
 */
public final class SessionEncodingException extends IllegalArgumentException {

    /** The key whose value could not be encoded. */
    private final String key;

    SessionEncodingException(String key, Object value, Throwable cause) {
        super("session value under key '" + key + "' (" + value.getClass().getName()
                + ") cannot be encoded as JSON: " + cause.getMessage(), cause);
        this.key = key;
    }

    /**
     * The key whose value could not be encoded.
     *
     * @return the session key
     */
    public String key() {
        return key;
    }
}
