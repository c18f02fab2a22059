package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.HistoryParams;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringrift history}: the per-minute utilisation history the daemons write (average/maximum
 * used % per resource, level, decisions by kind), per node; the minute in progress is not written
 * yet.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the per-minute utilisation history: used % (average/maximum) per resource, level, "
                + "decisions by kind, per node.")
final class HistoryCommand extends BaseCommand {

    /** Output formats. */
    enum Format { table, json }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--since", paramLabel = "T", defaultValue = "1h",
            description = "from this time: an age (30m, 24h, 7d) or an ISO-8601 instant (default ${DEFAULT-VALUE})")
    String since;
    @Option(names = "--until", paramLabel = "T", description = "up to this time (same forms as --since)")
    String until;
    @Option(names = "--node", paramLabel = "ID", description = "only this node (default: every node)")
    String node;
    @Option(names = "--step", paramLabel = "MINUTES",
            description = "minutes per row (default 1 up to 12 h, then as many as keep 720 rows per node)")
    String step;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("since", since);
        if (until != null) {
            params.put("until", until);
        }
        if (node != null) {
            params.put("node", node);
        }
        if (step != null) {
            params.put("step", step);
        }
        GuardConfig config = config();
        HistoryParams.Response r;
        try (Database db = openDatabase(config)) {
            try {
                r = HistoryParams.query(new HistoryStore(db.dataSource()), Optional.empty(), params, Instant.now());
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--" + e.getMessage());
            }
        }
        PrintWriter out = out();
        if (format == Format.json) {
            out.println(Guard.jsonMapper().writeValueAsString(r));
            return ExitCodes.OK;
        }
        if (r.rows().isEmpty()) {
            out.println("no history since " + r.since() + (node == null ? "" : " for node " + node)
                    + " (a running daemon writes one row per node per minute)");
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("MINUTE (UTC)", "NODE", "CPU %", "MEMORY %", "GPU %", "DISK %", "LEVEL",
                "ALLOW", "RESIZE", "DEFER", "VETO", "EVICT");
        for (HistoryRow h : r.rows()) {
            t.row(TIME.format(h.minute()), h.nodeId(), stat(h.cpu()), stat(h.memory()), stat(h.gpu()), stat(h.disk()),
                    h.levelMax(), h.decisions().allow(), h.decisions().resize(), h.decisions().defer(),
                    h.decisions().veto(), h.decisions().evict());
        }
        t.lines().forEach(out::println);
        out.println(r.rows().size() + " row(s), " + r.stepMinutes() + " min each; used % as average/maximum, "
                + "LEVEL the highest");
        return ExitCodes.OK;
    }

    private static String stat(Stat s) {
        return s.samples() == 0 ? "-" : String.format(Locale.ROOT, "%.1f/%.1f", s.avg(), s.max());
    }
}
