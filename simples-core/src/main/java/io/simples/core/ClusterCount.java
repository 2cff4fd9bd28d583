package io.simples.core;

/**
 * Connections counted across a cluster: each server answers for its own.
 *
 * @param connections the sum of the answers received
 * @param servers     the servers known to the cluster when the count was asked (and any that answered besides)
 * @param answered    how many of them answered before the timeout
 */
public record ClusterCount(long connections, int servers, int answered) {

    /**
     * True when some server did not answer in time: {@link #connections()} is then a lower bound.
     *
     * @return whether fewer servers answered than were known
     */
    public boolean partial() {
        return answered < servers;
    }
}
