package ai.ringrift.guard.fleet;

import java.util.Objects;

/**
 * Who a node is in the registry.
 *
 * @param nodeId        node id ({@code node.id}; also Quartz's instance id and the audit's node)
 * @param host          host name
 * @param version       ringrift version
 * @param workerThreads Quartz worker threads ({@code quartz.threadCount})
 */
public record NodeIdentity(String nodeId, String host, String version, int workerThreads) {

    public NodeIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(version, "version");
    }

    /** The version of this build (the jar's Implementation-Version, else {@code dev}). */
    public static String buildVersion() {
        String v = NodeIdentity.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
