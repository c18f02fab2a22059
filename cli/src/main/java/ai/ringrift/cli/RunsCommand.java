package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.audit.AuditFilter;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeQuery;
import ai.ringrift.db.audit.OutcomeRow;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringrift runs JOB}: the job's latest admitted fires (ALLOW, RESIZE) from the audit log, newest
 * first, each with what became of it: succeeded or failed, how long it took, the error.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "A job's recent runs: when, with what size, succeeded or failed, duration, error.")
final class RunsCommand extends BaseCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "JOB", description = "job name")
    String job;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "runs at most (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default ${DEFAULT-VALUE})")
    AuditCommand.Format format;

    @Override
    public Integer call() {
        if (limit < 1 || limit > AuditFilter.MAX_LIMIT) {
            throw CliException.usage("--limit: must be 1.." + AuditFilter.MAX_LIMIT + ", was " + limit);
        }
        if (format == AuditCommand.Format.csv) {
            throw CliException.usage("--format: runs prints table or json");
        }
        try (Database db = openDatabase(config())) {
            List<OutcomeQuery.Run> runs = new OutcomeQuery(db.dataSource()).recentRuns(job, limit);
            if (format == AuditCommand.Format.json) {
                Map<DecisionRow, OutcomeRow> outcomes = new IdentityHashMap<>();
                runs.forEach(r -> outcomes.put(r.decision(), r.outcome()));
                out().println(OutcomeText.jsonArray(runs.stream().map(OutcomeQuery.Run::decision).toList(),
                        outcomes::get));
            } else {
                print(runs, out());
            }
        }
        return ExitCodes.OK;
    }

    private void print(List<OutcomeQuery.Run> runs, PrintWriter out) {
        if (runs.isEmpty()) {
            out.println("no runs of " + job + " in the audit log (ringrift audit --job " + job
                    + " shows its decisions)");
            return;
        }
        TextTable t = new TextTable("DECIDED (UTC)", "DECISION", "SIZE", "RESULT", "DURATION", "NODE", "ERROR");
        for (OutcomeQuery.Run run : runs) {
            DecisionRow d = run.decision();
            OutcomeRow o = run.outcome();
            String size = d.grantedSize() == null ? "-" : String.valueOf(d.grantedSize());
            t.row(TIME.format(d.decidedAt()), d.decision(), size,
                    o == null ? "no outcome yet" : o.success() ? "succeeded" : "FAILED",
                    o == null ? "-" : OutcomeText.duration(o.durationMs()), d.nodeId(),
                    o == null || o.success() ? "" : OutcomeText.error(o).replaceFirst("^: ", ""));
        }
        t.lines().forEach(out::println);
        long failed = runs.stream().filter(r -> r.outcome() != null && !r.outcome().success()).count();
        out.println(runs.size() + " run(s), " + failed + " failed");
    }
}
