package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.fleet.Halt;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.guard.config.GuardConfig;
import java.sql.SQLException;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringrift resume [--node N | --fleet]}: lifts an emergency halt, audited with who and why. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Lift the emergency halt of this node (default), one node (--node) or the fleet (--fleet).")
final class ResumeCommand extends BaseCommand {

    @ArgGroup(exclusive = true)
    HaltCommand.Scope scope;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Override
    public Integer call() throws SQLException {
        GuardConfig config = config();
        String target = HaltCommand.scopeOf(scope, config);
        try (Database db = openDatabase(config)) {
            HaltStore store = new HaltStore(db.dataSource());
            Optional<Halt> was = store.resume(target, reason, HaltCommand.operator(), HaltCommand.auditNode());
            if (was.isEmpty()) {
                out().println("no halt of " + (HaltStore.FLEET.equals(target) ? "the fleet" : target) + " to lift");
            } else {
                out().println("resumed: " + was.get().sentence());
            }
            for (Halt still : store.active()) {
                out().println("still in force: " + still.sentence());
            }
        }
        return ExitCodes.OK;
    }
}
