package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.audit.AuditFilter;
import ai.ringrift.db.audit.AuditFormat;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeQuery;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.db.audit.Page;
import ai.ringrift.db.audit.Summary;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.runtime.AuditParams;
import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringrift audit}: the guard's decisions, filtered, with their outcomes ({@code --outcomes}) or
 * as they are made ({@code --follow}); {@code audit summary}: counts.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the guard's audited decisions (table, JSON or CSV).",
        subcommands = AuditCommand.SummaryCommand.class)
final class AuditCommand extends BaseCommand {

    /** Output formats. */
    enum Format { table, json, csv }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--since", paramLabel = "T", description = "from this time: an age (30m, 1h, 7d) or an ISO-8601 instant")
    String since;
    @Option(names = "--until", paramLabel = "T", description = "up to this time (same forms as --since)")
    String until;
    @Option(names = "--job", paramLabel = "NAME", description = "job name, or a prefix ending in *")
    String job;
    @Option(names = "--decision", paramLabel = "LIST", description = "ALLOW, RESIZE, DEFER, VETO, EVICT, SUPERSEDED, EXPIRED, DROPPED, REQUEUED (comma list)")
    String decision;
    @Option(names = "--priority", paramLabel = "LIST", description = "BACKGROUND, LOW, NORMAL, HIGH, CRITICAL (comma list)")
    String priority;
    @Option(names = "--reason", paramLabel = "CODE", description = "reason code, e.g. LEVEL, HEADROOM, BREAKER_OPEN")
    String reason;
    @Option(names = "--node", paramLabel = "ID", description = "node id")
    String node;
    @Option(names = "--limit", paramLabel = "N", description = "rows at most")
    String limit;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default ${DEFAULT-VALUE})")
    Format format;
    @Option(names = "--outcomes", description = "json: add what became of each admitted fire: succeeded or "
            + "failed, duration, error (the table always has its OUTCOME column)")
    boolean outcomes;
    @Option(names = "--follow", description = "like tail -f: the last decisions (--limit, default "
            + AuditCommand.FOLLOW_BACKLOG + "), then each new one as it is stored, until Ctrl-C (table and json)")
    boolean follow;
    @Option(names = "--count", paramLabel = "N", description = "with --follow: stop after N decisions printed")
    long count;

    static final int FOLLOW_BACKLOG = 10;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "since", since);
        put(params, "until", until);
        put(params, "job", job);
        put(params, "decision", decision);
        put(params, "priority", priority);
        put(params, "reason", reason);
        put(params, "node", node);
        put(params, "limit", limit);
        if (follow) {
            checkFollow();
            if (limit == null) {
                params.put("limit", String.valueOf(FOLLOW_BACKLOG));
            }
        }
        AuditFilter filter = filter(params);
        GuardConfig config = config();
        try (Database db = openDatabase(config)) {
            PrintWriter out = out();
            if (follow) {
                return follow(db, filter, out);
            }
            Page page = new AuditQuery(db.dataSource()).find(filter);
            Map<OutcomeQuery.Key, OutcomeRow> done = outcomes
                    ? new OutcomeQuery(db.dataSource()).forDecisions(page.rows()) : Map.of();
            switch (format) {
                case json -> out.println(outcomes
                        ? OutcomeText.jsonArray(page.rows(), r -> done.get(OutcomeQuery.Key.of(r))) : AuditFormat.toJson(page.rows()));
                case csv -> {
                    String csv = AuditFormat.toCsv(page.rows());
                    out.print(csv.endsWith("\n") ? csv : csv + System.lineSeparator());
                }
                default -> printTable(page, new OutcomeQuery(db.dataSource()).forDecisions(page.rows()), out);
            }
        }
        return ExitCodes.OK;
    }

    private void checkFollow() {
        if (until != null) {
            throw CliException.usage("--follow shows decisions as they are made: it takes no --until");
        }
        if (format == Format.csv) {
            throw CliException.usage("--follow prints table lines or one JSON object a line (--format json), not csv");
        }
        if (count < 0) {
            throw CliException.usage("--count: must be >= 0, was " + count);
        }
    }

    private int follow(Database db, AuditFilter filter, PrintWriter out) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.install(stop::countDown);
        new AuditFollow(new AuditQuery(db.dataSource()), filter, r -> {
            out.println(format == Format.json ? jsonLine(r) : line(r));
            out.flush();
        }).run(filter.limit(), count, stop, out::checkError);
        return ExitCodes.OK;
    }

    /** One decision as a line of {@code audit --follow}. */
    static String line(DecisionRow r) {
        return String.join("  ", TIME.format(r.decidedAt()), r.jobName(), r.priority(), r.decision(), r.reasonCode(),
                "level " + (r.level() < 0 ? "?" : r.level()), size(r), r.reason());
    }

    /** One decision as one line of JSON (the objects of {@code --format json}, one a line). */
    static String jsonLine(DecisionRow r) {
        try {
            return Guard.jsonMapper().readTree(AuditFormat.toJson(List.of(r))).get(0).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit row as JSON: " + e.getMessage(), e);
        }
    }

    /** The filter; a bad value is exit 2 naming the option. */
    static AuditFilter filter(Map<String, String> params) {
        try {
            return AuditParams.toFilter(params);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(optionNamed(e.getMessage()));
        }
    }

    private static String optionNamed(String message) {
        for (String name : AuditParams.NAMES) {
            if (message.startsWith(name + ":") || message.startsWith(name + " ")) {
                return "--" + message;
            }
        }
        return message;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String size(DecisionRow r) {
        return r.requestedSize() == null ? "-"
                : r.requestedSize() + (r.grantedSize() == null || r.grantedSize().equals(r.requestedSize())
                ? "" : "->" + r.grantedSize());
    }

    /**
     * The table, always with the node and OUTCOME: what became of an admitted fire ({@code succeeded 1.2s},
     * {@code failed 300ms: IOException: disk full}, {@code OOM}, {@code no outcome yet}), {@code -} for the others.
     */
    private void printTable(Page page, Map<OutcomeQuery.Key, OutcomeRow> done, PrintWriter out) {
        if (page.rows().isEmpty()) {
            out.println("no decisions match");
            return;
        }
        TextTable t = new TextTable("TIME (UTC)", "NODE", "JOB", "PRIORITY", "DECISION", "REASON", "LEVEL", "SIZE",
                "OUTCOME", "WHY");
        for (DecisionRow r : page.rows()) {
            Object level = r.level() < 0 ? "?" : r.level();
            t.row(TIME.format(r.decidedAt()), r.nodeId(), r.jobName(), r.priority(), r.decision(), r.reasonCode(), level,
                    size(r), OutcomeText.of(r, done.get(OutcomeQuery.Key.of(r))), r.reason());
        }
        t.lines().forEach(out::println);
        out.println(page.rows().size() + " row(s)" + (page.hasNext() ? "; more match: raise --limit or narrow --since" : ""));
    }


    /** {@code audit summary [--since 7d] [--until T]}. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Count decisions by decision and priority.")
    static final class SummaryCommand extends BaseCommand {
        @Option(names = "--since", paramLabel = "T", defaultValue = "7d",
                description = "from this time (default ${DEFAULT-VALUE})")
        String since;
        @Option(names = "--until", paramLabel = "T", description = "up to this time (default now)")
        String until;

        @Override
        public Integer call() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("since", since);
            put(params, "until", until);
            AuditFilter f = filter(params);
            Instant from = f.since();
            Instant to = f.until() != null ? f.until() : Instant.now().plus(1, ChronoUnit.SECONDS);
            GuardConfig config = config();
            try (Database db = openDatabase(config)) {
                Summary s = new AuditQuery(db.dataSource()).summary(from, to);
                print(s, out());
            }
            return ExitCodes.OK;
        }

        static void print(Summary s, PrintWriter out) {
            out.println("decisions from " + s.since() + " to " + s.until() + ": " + s.total());
            if (s.total() == 0) {
                return;
            }
            TreeSet<String> priorities = new TreeSet<>((a, b) -> rank(a) - rank(b));
            priorities.addAll(s.byPriority().keySet());
            String[] headers = new String[priorities.size() + 2];
            headers[0] = "DECISION";
            int i = 1;
            for (String p : priorities) {
                headers[i++] = p;
            }
            headers[i] = "TOTAL";
            TextTable t = new TextTable(headers);
            for (Map.Entry<String, Long> e : new TreeMap<>(s.byDecision()).entrySet()) {
                Object[] row = new Object[headers.length];
                row[0] = e.getKey();
                int j = 1;
                for (String p : priorities) {
                    row[j++] = s.count(e.getKey(), p);
                }
                row[j] = e.getValue();
                t.row(row);
            }
            t.lines().forEach(out::println);
        }

        private static int rank(String priority) {
            return switch (priority.toUpperCase(Locale.ROOT)) {
                case "BACKGROUND" -> 0;
                case "LOW" -> 1;
                case "NORMAL" -> 2;
                case "HIGH" -> 3;
                case "CRITICAL" -> 4;
                default -> 5;
            };
        }
    }
}
