package ai.ringrift.guard.config;

import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Problems;
import java.net.InetAddress;

/**
 * {@code node}: who this process is in the audit log and the fleet.
 *
 * @param id node id (default: this host's name)
 */
public record NodeConfig(String id) implements Checked {

    /** The id is in every audit row: at most {@value AuditLogSettings#MAX_NODE_ID_LENGTH} characters. */
    @Override
    public void check(Problems p, String path) {
        if (id.length() > AuditLogSettings.MAX_NODE_ID_LENGTH) {
            p.error(Problems.path(path, "id"), "must be at most " + AuditLogSettings.MAX_NODE_ID_LENGTH
                    + " characters, the audit log's limit (was " + id.length() + ")");
        }
    }


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
