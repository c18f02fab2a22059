package ai.ringrift.cli;

import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.fleet.FleetReport;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.StatusReport;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringrift status}: the daemon's report when it answers, else local readings. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Readings with source and age, limits, level, host tier and target, breakers,"
                + " pending deferrals and recommendations; with --fleet, every node of the fleet.")
final class StatusCommand extends BaseCommand {

    static final String LOCAL_NOTE = "daemon not running: local readings";

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--fleet", description = "every node of the registry (live, lost since when, stopped), the halts"
            + " and the scale advice, read from the database")
    boolean fleet;

    @Override
    public Integer call() throws Exception {
        GuardConfig config = config();
        if (fleet) {
            FleetReport r = fleetReport(config);
            if (json) {
                out().println(Guard.jsonMapper().writeValueAsString(r));
            } else {
                FleetPrinter.print(r, out());
            }
            return ExitCodes.OK;
        }
        Optional<String> remote = DaemonClient.status(config.metrics());
        if (remote.isPresent()) {
            if (json) {
                out().println(remote.get());
            } else {
                StatusReport r = Guard.jsonMapper().readValue(remote.get(), StatusReport.class);
                out().println("daemon at " + DaemonClient.baseUri(config.metrics()));
                StatusPrinter.print(r, out());
            }
            return ExitCodes.OK;
        }
        try (LocalGuard local = LocalGuard.start(config)) {
            StatusReport r = local.status();
            if (json) {
                err().println(LOCAL_NOTE);
                out().println(Guard.jsonMapper().writeValueAsString(r));
            } else {
                out().println(LOCAL_NOTE);
                StatusPrinter.print(r, out());
            }
        }
        return ExitCodes.OK;
    }

    /** The fleet as the database has it now. */
    static FleetReport fleetReport(GuardConfig config) throws java.sql.SQLException {
        try (ai.ringrift.db.Database db = openDatabase(config)) {
            return FleetReport.read(db.dataSource(), config.fleet(),
                    config.jobs().stream().map(j -> j.name()).toList());
        }
    }
}
