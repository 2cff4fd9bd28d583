package io.simples.http;

/**
 * Thrown by a listener (or by the framework on bad input) to answer with an error status
 * instead of a 500: the router's listener for that code runs, and the message — meant for the
 * client — is its default body.
 */
public class HTTPException extends RuntimeException {

    /** The status the client is answered with. */
    private final int status;

    /**
     * An error to answer with {@code status}.
     *
     * @param status the status to answer with, 400 to 599
     * @param message what went wrong, for the client: the default body of the answer
     * @throws IllegalArgumentException when {@code status} is not 400 to 599
     */
    public HTTPException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HTTPException is for 4xx and 5xx, got " + status);
        }
        this.status = status;
    }

    /**
     * The status to answer with.
     *
     * @return the status code, 400 to 599
     */
    public int status() {
        return status;
    }
}
