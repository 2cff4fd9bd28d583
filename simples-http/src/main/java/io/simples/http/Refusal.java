package io.simples.http;

/**
 * Why a request was refused while it arrived (a head that breaks the protocol's rules, a body
 * past a limit or stalled): the status to answer and a short reason for the client. The
 * connection closes after the answer, since the rest of its stream cannot be trusted.
 */
final class Refusal extends RuntimeException {

    final int status;

    Refusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }
}
