/**
 * Not API: the cluster's bus (in-process or Redis pub/sub), its message format, a process's
 * {@link io.simples.core.internal.cluster.Hub} and a server's
 * {@link io.simples.core.internal.cluster.ClusterMember}. Applications use
 * {@link io.simples.core.Cluster}; the design is in {@code docs/ARCHITECTURE.md}, "The cluster".
 */
package io.simples.core.internal.cluster;
