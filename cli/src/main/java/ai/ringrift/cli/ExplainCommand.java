package ai.ringrift.cli;

import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.JobConfig;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.GuardRequest;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.JobInfo;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Resource;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ringrift explain NAME}: the decision the guard would make for that job now, from a fresh
 * local sample, the job's declaration (job store, else guard.yaml) and its current resizable value.
 * Nothing is audited and nothing runs.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "The decision the guard would make for a job now, with the rule and readings behind it.")
final class ExplainCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "job name")
    String name;

    /** What is known about the job. */
    record Target(String name, JobDeclaration declaration, Map<String, String> parameters, String from) {
    }

    @Override
    public Integer call() {
        GuardConfig config = config();
        Target target = find(config);
        try (LocalGuard local = LocalGuard.start(config)) {
            Snapshot snapshot = local.guard().latest();
            JobDeclaration d = target.declaration();
            Integer requested = requestedSize(target);
            Decision decision = local.guard().engine().decideFire(new GuardRequest(name, d, requested, 1), snapshot);
            print(target, requested, decision, snapshot, local.guard().policy().limits(),
                    decision.level() < 0 ? null : local.guard().policy().table().rule(decision.level(), d.priority())
                            .key(), local.guard().engine().held(decision.worstResource()), out());
            lastAudited(local).ifPresent(row -> out().println("audited   " + row));
        }
        return ExitCodes.OK;
    }

    /**
     * The daemon's last audited decision for the job, in words: the daemon's hysteresis state (a level
     * held after the readings fell) is in its sentence, which this process's one fresh sample cannot know.
     */
    private Optional<String> lastAudited(LocalGuard local) {
        var rows = new ai.ringrift.db.audit.AuditQuery(local.database().dataSource())
                .find(ai.ringrift.db.audit.AuditFilter.builder().jobName(name).limit(1).build()).rows();
        return rows.stream().findFirst().map(r -> r.decidedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " " + r.decision() + " on " + r.nodeId() + ": " + r.reason());
    }

    private Target find(GuardConfig config) {
        String known;
        try (CliScheduler s = CliScheduler.open(config)) {
            GuardedScheduler gs = s.scheduler();
            Optional<JobInfo> info = gs.find(name);
            if (info.isPresent()) {
                return new Target(name, info.get().declaration(), info.get().parameters(), "job store");
            }
            known = gs.list().stream().map(JobInfo::name).collect(Collectors.joining(", "));
        }
        for (JobConfig j : config.jobs()) {
            if (j.name().equals(name)) {
                return new Target(name, j.toJobDeclaration(), j.parameters(), "guard.yaml");
            }
        }
        String fromConfig = config.jobs().stream().map(JobConfig::name).collect(Collectors.joining(", "));
        throw CliException.usage("unknown job '" + name + "': known jobs: "
                + (known.isEmpty() ? fromConfig.isEmpty() ? "none" : fromConfig : known));
    }

    private static Integer requestedSize(Target t) {
        String param = t.declaration().resizableParam();
        if (param == null) {
            return null;
        }
        String v = t.parameters().get(param);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("job '" + t.name() + "': resizable parameter " + param + " is not a whole number: '"
                    + v + "'");
        }
    }

    static void print(Target t, Integer requested, Decision d, Snapshot s, Limits limits, String rule,
                      Optional<String> held, PrintWriter out) {
        JobDeclaration decl = t.declaration();
        out.println("job       " + t.name() + " (" + decl.priority() + ", from " + t.from() + ")");
        out.println("needs     " + JobsCommand.needs(decl) + (decl.resizableParam() == null ? ""
                : "; resizable " + decl.resizableParam() + "=" + (requested == null ? "unset" : requested)
                + " (min " + decl.resizableMin() + ")"));
        out.println("decision  " + d.action() + " (reason " + d.reasonCode() + ")"
                + (d.grantedSize() != null && !d.grantedSize().equals(requested)
                ? ", " + decl.resizableParam() + " " + requested + " -> " + d.grantedSize() : "")
                + (d.deferUntil() != null ? ", again around " + d.deferUntil() : ""));
        if (d.shadow()) {
            out.println("would be  " + d.wouldBe() + " (reason " + d.wouldBeReason() + "): shadow mode lets it run");
        }
        out.println("level     " + (d.level() < 0 ? "unknown" : d.level() + " " + StatusPrinter.levelName(d.level()))
                + (d.worstResource() == null ? ""
                : String.format(Locale.ROOT, " (worst: %s at %.2f of its limit)", d.worstResource().label(), d.worstRatio())));
        held.ifPresent(h -> out.println("held      " + h));
        out.println("rule      " + (rule == null ? "none (guard error)"
                : "level " + d.level() + " x " + decl.priority() + " -> " + rule));
        out.println("breaker   " + d.breakerState());
        out.println("sentence  " + d.sentence());
        out.println();
        TextTable table = new TextTable("RESOURCE", "USED", "WARN", "MAX", "RATIO", "COUNTS", "SOURCE");
        Map<Resource, Double> ratios = new LinkedHashMap<>(d.ratios());
        boolean gpuCounts = decl.needs().needsGpu() || decl.relieves().contains(Resource.GPU);
        for (Resource r : Resource.values()) {
            Reading reading = s.reading(r);
            if (reading == null) {
                table.row(r.key(), "-", StatusPrinter.pct(limits.warn(r)), StatusPrinter.pct(limits.max(r)), "-", "no",
                        s.missingReason(r).orElse("no reading"));
                continue;
            }
            Double ratio = ratios.get(r);
            table.row(r.key(), StatusPrinter.pct(Math.round(reading.usedPercent() * 10) / 10.0),
                    StatusPrinter.pct(limits.warn(r)), StatusPrinter.pct(limits.max(r)),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                    r == Resource.GPU && !gpuCounts ? "no (job needs no GPU)" : "yes", reading.source());
        }
        table.lines().forEach(out::println);
    }
}
