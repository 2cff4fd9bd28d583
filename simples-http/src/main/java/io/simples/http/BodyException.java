package io.simples.http;

/** Why a request body was refused while it arrived: the status to answer and a short reason for the client. */
final class BodyException extends RuntimeException {

    final int status;

    BodyException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }
}
