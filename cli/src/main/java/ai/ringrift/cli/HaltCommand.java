package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.fleet.Halt;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.NodeConfig;
import java.sql.SQLException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringrift halt --reason TEXT [--node N | --fleet]}: an emergency halt in the database
 * ({@code guard_halt}), audited with who and why in the same transaction. Every node it holds
 * defers its fires below {@code fleet.haltRunsFrom} (default CRITICAL) with reason HALT from its next
 * heartbeat on, survives restarts, and holds nodes that join later, until {@code ringrift resume}.
 */
@Command(name = "halt", mixinStandardHelpOptions = true,
        description = "Emergency halt: fires below fleet.haltRunsFrom (default CRITICAL) are deferred with reason HALT"
                + " on this node (default), one node (--node) or every node (--fleet) until `ringrift resume`.")
final class HaltCommand extends BaseCommand {

    /** Which nodes a halt or resume is about. */
    static final class Scope {
        @Option(names = "--node", paramLabel = "NODE", description = "the node to halt (default: node.id of the config)")
        String node;

        @Option(names = "--fleet", description = "every node, including nodes that join later")
        boolean fleet;
    }

    @ArgGroup(exclusive = true)
    Scope scope;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Override
    public Integer call() throws SQLException {
        GuardConfig config = config();
        if (reason.isBlank()) {
            throw CliException.usage("--reason must say why the fleet is halted");
        }
        String target = scopeOf(scope, config);
        try (Database db = openDatabase(config)) {
            Halt h = new HaltStore(db.dataSource()).halt(target, reason.trim(), operator(), auditNode());
            out().println(h.sentence());
            out().println("nodes defer fires below " + config.fleet().haltRunsFrom() + " from their next heartbeat"
                    + " (within " + ai.ringrift.db.time.Durations.format(config.fleet().heartbeatInterval())
                    + "); lift it with: ringrift resume" + (HaltStore.FLEET.equals(target) ? " --fleet"
                    : " --node " + target));
        }
        return ExitCodes.OK;
    }

    /** {@link HaltStore#FLEET}, the named node, or this config's node. */
    static String scopeOf(Scope scope, GuardConfig config) {
        if (scope != null && scope.fleet) {
            return HaltStore.FLEET;
        }
        return scope != null && scope.node != null && !scope.node.isBlank() ? scope.node.trim() : config.node().id();
    }

    /** Who runs the command: {@code user@host}. */
    static String operator() {
        return System.getProperty("user.name", "unknown") + "@" + NodeConfig.hostName();
    }

    /** The audit's node of operator rows: {@code cli@host}, never a daemon's node id. */
    static String auditNode() {
        String n = "cli@" + NodeConfig.hostName();
        return n.length() <= 128 ? n : n.substring(0, 128);
    }
}
