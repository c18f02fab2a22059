package ai.ringrift.guard.config;

import java.net.InetAddress;

/**
 * {@code node}: who this process is in the audit log and the fleet.
 *
 * @param id node id (default: this host's name)
 */
public record NodeConfig(String id) {

    public static NodeConfig defaults() {
        return new NodeConfig(hostName());
    }

    /** This host's name: {@code HOSTNAME}/{@code COMPUTERNAME}, else the resolver, else {@code localhost}. */
    public static String hostName() {
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (Exception e) {
            // fall through: an unresolvable host name must not stop the guard
        }
        return "localhost";
    }
}
