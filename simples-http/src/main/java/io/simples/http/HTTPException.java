package io.simples.http;

/**
 * Thrown by a listener (or by the framework on bad input) to answer with an error status
 * instead of a 500: the router's listener for that code runs, and the message — meant for the
 * client — is its default body.
 */
public class HTTPException extends RuntimeException {

    private final int status;

    public HTTPException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HTTPException is for 4xx and 5xx, got " + status);
        }
        this.status = status;
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }
}
