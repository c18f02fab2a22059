package ai.ringrift.guard.config;

import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.guard.api.OomScore;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Problems;
import java.net.InetAddress;

/**
 * {@code node}: who this process is in the audit log and the fleet, and how the daemon protects itself.
 *
 * @param id          node id (default: this host's name)
 * @param oomScoreAdj {@code oomScoreAdj}: the {@code oom_score_adj} the daemon ({@code ringrift run}) sets
 *                    for itself at start, -1000 to 1000 (default {@value OomScore#DAEMON_DEFAULT}), so the
 *                    kernel's OOM killer takes batch work before the scheduler; lowering it needs
 *                    CAP_SYS_RESOURCE (root), without which the daemon warns and keeps its value
 */
public record NodeConfig(String id, int oomScoreAdj) implements Checked {

    /** A node with the default {@code oomScoreAdj}. */
    public NodeConfig(String id) {
        this(id, OomScore.DAEMON_DEFAULT);
    }

    /** The id is in every audit row: at most {@value AuditLogSettings#MAX_NODE_ID_LENGTH} characters. */
    @Override
    public void check(Problems p, String path) {
        if (id.length() > AuditLogSettings.MAX_NODE_ID_LENGTH) {
            p.error(Problems.path(path, "id"), "must be at most " + AuditLogSettings.MAX_NODE_ID_LENGTH
                    + " characters, the audit log's limit (was " + id.length() + ")");
        }
        Checks.between(p, Problems.path(path, "oomScoreAdj"), oomScoreAdj, OomScore.MIN, OomScore.MAX);
    }

    public static NodeConfig defaults() {
        return new NodeConfig(hostName());
    }

    public NodeConfig withOomScoreAdj(int adj) {
        return new NodeConfig(id, adj);
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
